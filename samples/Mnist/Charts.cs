using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoGradGen.Training;

namespace MnistSample;

/// <summary>The PNG charts (ScottPlot, rendered headless).</summary>
internal static class Charts
{
    /// <summary>Loss (left) and accuracy (right) per epoch, train and test; returns the file's path.</summary>
    public static string TrainingCurves(IReadOnlyList<EpochReport> reports, string path)
    {
        double[] epochs = reports.Select(r => (double)r.Epoch).ToArray();
        var plot = new ScottPlot.Plot();
        plot.Title("MNIST: 784-256-128-10 ReLU MLP, Adam");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        AddLine(plot, epochs, reports.Select(r => r.TrainLoss), "train loss");
        AddLine(plot, epochs, reports.Select(r => r.TestLoss), "test loss");

        var trainAccuracy = AddLine(plot, epochs, reports.Select(r => r.TrainAccuracy), "train accuracy");
        var testAccuracy = AddLine(plot, epochs, reports.Select(r => r.TestAccuracy), "test accuracy");
        trainAccuracy.Axes.YAxis = plot.Axes.Right;
        testAccuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        return Save(plot, path);
    }

    /// <summary>One loss curve per run over the batches (smoothed over 10 batches); returns the file's path.</summary>
    public static string LossCurves(IEnumerable<(string Name, List<double> Losses)> runs, string title, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(title);
        plot.XLabel("batch");
        plot.YLabel("training loss (mean of 10 batches)");
        foreach ((string name, List<double> losses) in runs)
        {
            double[] smoothed = losses.Select((_, i) => losses.Skip(System.Math.Max(0, i - 9)).Take(System.Math.Min(10, i + 1)).Average()).ToArray();
            AddLine(plot, Enumerable.Range(1, smoothed.Length).Select(i => (double)i).ToArray(), smoothed, name);
        }

        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return Save(plot, path);
    }

    private static ScottPlot.Plottables.Scatter AddLine(ScottPlot.Plot plot, double[] xs, IEnumerable<double> ys, string label)
    {
        ScottPlot.Plottables.Scatter line = plot.Add.Scatter(xs, ys.ToArray());
        line.LegendText = label;
        line.MarkerSize = xs.Length > 50 ? 0 : 5;
        return line;
    }

    private static string Save(ScottPlot.Plot plot, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 540);
        return path;
    }
}
