using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AutoGradGen.Benchmarks.Objectives;
using AutoGradGen.Tapes;
using static AutoGradGen.Benchmarks.Suites.Problems;

namespace AutoGradGen.Benchmarks.Suites;

/// <summary>
/// How the generated gradient's time and saved-value memory grow with problem size: GMM over the
/// number of points n, LSTM over the sequence length. Writes a log-log PNG and a markdown table with
/// the least-squares slopes: <c>… -- scaling &lt;out-dir&gt;</c>.
/// </summary>
public static class Scaling
{
    public static int Run(string[] args)
    {
        string output = args.Length > 0 ? args[0] : "scaling-output";
        Directory.CreateDirectory(output);
        var gmm = new List<(double Size, double Ms, double Bytes)>();
        foreach (int n in new[] { 250, 500, 1000, 2000, 4000, 8000 })
        {
            double[] alphas = Uniform(GmmProblem.K, 3, 1), means = Uniform(GmmProblem.K * GmmProblem.D, 4, 1), icf = Uniform(GmmProblem.K * GmmProblem.IcfSize, 5, 0.5);
            double[] x = Uniform(n * GmmProblem.D, 6, 1);
            double[] ga = new double[alphas.Length], gm = new double[means.Length], gi = new double[icf.Length];
            gmm.Add(Measure(n, "AutoGradGen.Benchmarks.Objectives.Gmm.Objective",
                () => Gmm.ObjectiveGradient(GmmProblem.D, GmmProblem.K, alphas, means, icf, x, 1.0, 0, ga, gm, gi)));
        }

        var lstm = new List<(double Size, double Ms, double Bytes)>();
        foreach (int steps in new[] { 128, 256, 512, 1024, 2048, 4096 })
        {
            var problem = new LstmProblem();
            double[] sequence = Uniform((steps + 1) * LstmProblem.B, 10, 1);
            lstm.Add(Measure(steps, "AutoGradGen.Benchmarks.Objectives.Lstm.Objective",
                () => Lstm.ObjectiveGradient(LstmProblem.Layers, LstmProblem.B, problem.Main, problem.Extra, problem.State, sequence, problem.MainGradient, problem.ExtraGradient, problem.StateGradient)));
        }

        var markdown = new StringBuilder();
        markdown.AppendLine("| problem | size | gradient time | saved values (tape peak) |").AppendLine("|---|---:|---:|---:|");
        foreach ((string name, List<(double Size, double Ms, double Bytes)> rows) in new[] { ("GMM, n points", gmm), ("LSTM, sequence length", lstm) })
        {
            foreach ((double size, double ms, double bytes) in rows)
            {
                markdown.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {size:F0} | {ms:F3} ms | {bytes / 1024:F0} KiB |");
            }

            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {name}: log-log slope | | **{Slope(rows, r => r.Ms):F2}** | **{Slope(rows, r => r.Bytes):F2}** |");
        }

        File.WriteAllText(Path.Combine(output, "scaling.md"), markdown.ToString());
        Plot(gmm, lstm, Path.Combine(output, "scaling.png"));
        Console.WriteLine(markdown);
        Console.WriteLine($"Wrote {Path.Combine(output, "scaling.md")} and {Path.Combine(output, "scaling.png")}");
        return 0;
    }

    /// <summary>Best of several timed runs after a warm-up, and the tape's peak bytes for one call.</summary>
    private static (double Size, double Ms, double Bytes) Measure(int size, string method, Func<double> gradient)
    {
        double sink = gradient();
        TapeStatistics.IsEnabled = true;
        TapeStatistics.Reset();
        sink += gradient();
        double bytes = TapeStatistics.Get(method)?.MaxBytes ?? double.NaN;
        TapeStatistics.IsEnabled = false;

        double best = double.MaxValue;
        for (int run = 0; run < 9; run++)
        {
            long start = Stopwatch.GetTimestamp();
            int repeats = 0;
            do
            {
                sink += gradient();
                repeats++;
            }
            while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 50);

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds / repeats);
        }

        GC.KeepAlive(sink);
        return (size, best, bytes);
    }

    /// <summary>The least-squares slope of log y over log size.</summary>
    private static double Slope(List<(double Size, double Ms, double Bytes)> rows, Func<(double Size, double Ms, double Bytes), double> y)
    {
        double[] lx = rows.Select(r => Math.Log(r.Size)).ToArray();
        double[] ly = rows.Select(r => Math.Log(y(r))).ToArray();
        double mx = lx.Average(), my = ly.Average();
        return lx.Zip(ly, (a, b) => (a - mx) * (b - my)).Sum() / lx.Sum(a => (a - mx) * (a - mx));
    }

    private static void Plot(List<(double Size, double Ms, double Bytes)> gmm, List<(double Size, double Ms, double Bytes)> lstm, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Title("Scaling of the generated gradients (log-log)");
        plot.XLabel("log10 problem size (GMM: points n; LSTM: sequence length)");
        plot.YLabel("log10 value");
        void Line(List<(double Size, double Ms, double Bytes)> rows, Func<(double Size, double Ms, double Bytes), double> y, string label)
        {
            var line = plot.Add.Scatter(rows.Select(r => Math.Log10(r.Size)).ToArray(), rows.Select(r => Math.Log10(y(r))).ToArray());
            line.LegendText = $"{label} (slope {Slope(rows, y):F2})";
        }

        Line(gmm, r => r.Ms, "GMM gradient time, ms");
        Line(gmm, r => r.Bytes / 1024, "GMM tape peak, KiB");
        Line(lstm, r => r.Ms, "LSTM gradient time, ms");
        Line(lstm, r => r.Bytes / 1024, "LSTM tape peak, KiB");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 900, 540);
    }
}
