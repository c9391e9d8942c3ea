using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace OptimizerPathsSample;

/// <summary>The textbook figure: one panel per optimizer, its path over the contour lines of f (ScottPlot, headless).</summary>
internal static class Chart
{
    public const int Width = 1500;
    public const int Height = 860;

    private const double XMin = -10, XMax = 10, YMin = -5, YMax = 5;

    /// <summary>The levels f = c drawn as contours: ellipses with semi-axes √(20c) and √c.</summary>
    private static readonly double[] Levels = { 0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 6, 7 };

    /// <summary>A 2 × 3 grid of panels in the order of <paramref name="paths"/>; returns the file's path.</summary>
    public static string Save(IReadOnlyList<OptimizerPath> paths, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(paths.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 2, columns: (paths.Count + 1) / 2);
        Coordinates3d[,] grid = SurfaceGrid();
        for (int i = 0; i < paths.Count; i++)
        {
            Panel(multiplot.GetPlot(i), paths[i], grid);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, Width, Height);
        return path;
    }

    private static void Panel(Plot plot, OptimizerPath optimizer, Coordinates3d[,] grid)
    {
        ScottPlot.Plottables.ContourLines contours = plot.Add.ContourLines(grid);
        contours.ContourLineLevels = Levels;
        contours.Update(grid);
        contours.LineColor = Colors.Gray.WithAlpha(0.7);
        contours.LineWidth = 1;
        contours.LabelStyle.IsVisible = false;

        double[] xs = optimizer.Points.Select(p => p.X).ToArray();
        double[] ys = optimizer.Points.Select(p => p.Y).ToArray();
        ScottPlot.Plottables.Scatter line = plot.Add.Scatter(xs, ys, Colors.Red);
        line.LineWidth = 1.5f;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 5;

        plot.Add.Marker(0, 0, MarkerShape.Cross, 14, Colors.Black);
        plot.Title($"{optimizer.Name} ({optimizer.Settings})");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.Axes.SetLimits(XMin, XMax, YMin, YMax);
    }

    /// <summary>f on a grid over the panel, rows along y and columns along x.</summary>
    private static Coordinates3d[,] SurfaceGrid()
    {
        const int columns = 201, rows = 101;
        var grid = new Coordinates3d[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            double y = YMin + ((YMax - YMin) * r / (rows - 1));
            for (int c = 0; c < columns; c++)
            {
                double x = XMin + ((XMax - XMin) * c / (columns - 1));
                grid[r, c] = new Coordinates3d(x, y, Surface.F(x, y));
            }
        }

        return grid;
    }
}
