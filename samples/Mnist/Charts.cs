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

    /// <summary>Named series over 1, 2, 3, … on one chart; returns the file's path.</summary>
    public static string Series(IEnumerable<(string Name, double[] Values)> series, string title, string xLabel, string yLabel, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        foreach ((string name, double[] values) in series)
        {
            AddLine(plot, Enumerable.Range(1, values.Length).Select(i => (double)i).ToArray(), values, name);
        }

        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        return Save(plot, path);
    }

    /// <summary>The distribution of each layer's activations (30 bins over [0, 1] or the observed range), one line per layer.</summary>
    public static string ActivationHistograms(IReadOnlyList<double[]> layers, string title, string path)
    {
        double low = layers.Min(values => values.Min());
        double high = layers.Max(values => values.Max());
        if (low >= 0 && high <= 1)
        {
            (low, high) = (0, 1);
        }

        const int bins = 30;
        double width = (high - low) / bins;
        double[] centers = Enumerable.Range(0, bins).Select(b => low + ((b + 0.5) * width)).ToArray();
        var plot = new ScottPlot.Plot();
        plot.Title(title);
        plot.XLabel("activation");
        plot.YLabel("fraction of units");
        for (int layer = 0; layer < layers.Count; layer++)
        {
            var counts = new double[bins];
            foreach (double value in layers[layer])
            {
                int bin = width == 0 ? 0 : (int)((value - low) / width);
                counts[System.Math.Clamp(bin, 0, bins - 1)] += 1.0 / layers[layer].Length;
            }

            AddLine(plot, centers, counts, $"layer {layer + 1}");
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
