using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AutoGradGen.Benchmarks.Report;

/// <summary>
/// Turns one run's BenchmarkDotNet CSV reports and the PyTorch/NumPy JSON (python/bench_torch.py) into
/// the README's markdown tables and a PNG chart: <c>… -- report &lt;results-dir&gt; &lt;torch.json&gt; &lt;machine.txt&gt; &lt;out-dir&gt;</c>.
/// </summary>
public static class BenchmarkReport
{
    private static readonly (string Name, string Suite, string Torch, bool HandWritten)[] Objectives =
    {
        ("log-sum-exp (n = 50,000)", "LogSumExpBenchmarks", "logsumexp", false),
        ("least squares (128 coefficients, 4,096 points)", "LeastSquaresBenchmarks", "least_squares", false),
        ("GMM (d = 10, k = 25, n = 1,000)", "GmmBenchmarks", "gmm", true),
        ("LSTM (2 layers, hidden 14, 1,024 steps)", "LstmBenchmarks", "lstm", true),
        ("RK4 ODE (n = 1,000, 100 steps)", "OdeBenchmarks", "ode", false),
    };

    public static int Run(string[] args)
    {
        if (args.Length is not (4 or 5))
        {
            Console.Error.WriteLine("usage: report <BenchmarkDotNet results dir> <torch.json> <machine.txt> <output dir> [<generator results dir>]");
            return 2;
        }

        string results = args[0];
        using JsonDocument torch = JsonDocument.Parse(File.ReadAllText(args[1]));
        string machine = File.ReadAllText(args[2]).Trim();
        string output = args[3];
        Directory.CreateDirectory(output);

        var markdown = new StringBuilder();
        markdown.AppendLine("Machine and versions:").AppendLine().AppendLine("```").AppendLine(machine).AppendLine("```").AppendLine();

        // 1. Gradient/function ratios beside hand-written adjoints and PyTorch.
        markdown.AppendLine("| objective | function | generated gradient | ratio | hand-written | ratio | PyTorch forward | PyTorch forward + backward | ratio |");
        markdown.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var chart = new List<(string Name, double Generated, double HandWritten, double Torch)>();
        foreach ((string name, string suite, string torchName, bool handWritten) in Objectives)
        {
            Dictionary<string, Row> rows = Read(results, suite).ToDictionary(r => r.Method);
            double f = rows["Function"].MeanMs, g = rows["Gradient"].MeanMs;
            double h = handWritten ? rows["HandWrittenGradient"].MeanMs : double.NaN;
            JsonElement t = torch.RootElement.GetProperty("objectives").GetProperty(torchName);
            double tf = t.GetProperty("function_ms").GetDouble(), tg = t.GetProperty("gradient_ms").GetDouble();
            markdown.AppendLine($"| {name} | {Ms(f)} | {Ms(g)} | **{g / f:F2}** | {(handWritten ? Ms(h) : "")} | {(handWritten ? (h / f).ToString("F2", CultureInfo.InvariantCulture) : "")} | {Ms(tf)} | {Ms(tg)} | {tg / tf:F2} |");
            chart.Add((name.Split(" (")[0], g / f, h / f, tg / tf));
        }

        // 2. float32 matrix products.
        markdown.AppendLine().AppendLine("| float32 C = A·B | AutoGradGen MatMul | NumPy (OpenBLAS sgemm) | PyTorch mm | MatMul / OpenBLAS |");
        markdown.AppendLine("|---|---:|---:|---:|---:|");
        foreach (Row row in Read(results, "MatMulBenchmarks").OrderBy(r => int.Parse(r.Parameters["N"], CultureInfo.InvariantCulture)))
        {
            int n = int.Parse(row.Parameters["N"], CultureInfo.InvariantCulture);
            double ours = 2.0 * n * n * n / (row.MeanMs * 1e-3) / 1e9;
            double numpy = torch.RootElement.GetProperty("matmul").GetProperty("numpy").GetProperty(n.ToString(CultureInfo.InvariantCulture)).GetDouble();
            double torchMm = torch.RootElement.GetProperty("matmul").GetProperty("torch").GetProperty(n.ToString(CultureInfo.InvariantCulture)).GetDouble();
            markdown.AppendLine($"| {n} × {n} | {ours:F1} GFLOP/s | {numpy:F1} GFLOP/s | {torchMm:F1} GFLOP/s | {ours / numpy:F2} |");
        }

        // 3. MLP training step.
        markdown.AppendLine().AppendLine("| MLP training step (784-256-256-10, ReLU, batch 128, Adam) | time per step | samples / s | allocated per step |");
        markdown.AppendLine("|---|---:|---:|---:|");
        foreach (Row row in Read(results, "MlpStepBenchmarks").OrderBy(r => r.Parameters.GetValueOrDefault("Precision", "float64")).ThenBy(r => r.Job))
        {
            string precision = row.Parameters.GetValueOrDefault("Precision", "float64");
            markdown.AppendLine($"| AutoGradGen, {precision}, {row.Job} | {Ms(row.MeanMs)} | {128 / (row.MeanMs * 1e-3):F0} | {row.Allocated} |");
        }

        JsonElement mlp = torch.RootElement.GetProperty("mlp_step");
        foreach ((string label, string key) in new[] { ("float64", "float64_ms"), ("float32", "float32_ms") })
        {
            double ms = mlp.GetProperty(key).GetDouble();
            markdown.AppendLine($"| PyTorch, {label}, {torch.RootElement.GetProperty("machine").GetProperty("torch_threads").GetInt32()} threads | {Ms(ms)} | {128 / (ms * 1e-3):F0} | |");
        }

        if (args.Length == 5)
        {
            GeneratorCost(args[4], markdown);
        }

        File.WriteAllText(Path.Combine(output, "benchmarks.md"), markdown.ToString());
        RatioChart(chart, Path.Combine(output, "gradient-ratios.png"));
        Console.WriteLine(markdown);
        Console.WriteLine($"Wrote {Path.Combine(output, "benchmarks.md")} and {Path.Combine(output, "gradient-ratios.png")}");
        return 0;
    }

    /// <summary>The generator's own cost (tests/AutoGradGen.Generators.Benchmarks): from scratch, and re-runs after edits.</summary>
    private static void GeneratorCost(string results, StringBuilder markdown)
    {
        markdown.AppendLine().AppendLine("| generator run (CSharpGeneratorDriver) | methods | time | per method | allocated |");
        markdown.AppendLine("|---|---:|---:|---:|---:|");
        foreach (Row row in Read(results, "FromScratchBenchmarks").OrderBy(r => r.Parameters["Flavour"]).ThenBy(r => int.Parse(r.Parameters["Methods"], CultureInfo.InvariantCulture)))
        {
            int methods = int.Parse(row.Parameters["Methods"], CultureInfo.InvariantCulture);
            markdown.AppendLine($"| from scratch, {row.Parameters["Flavour"].ToLowerInvariant()} methods | {methods} | {Ms(row.MeanMs)} | {Ms(row.MeanMs / methods)} | {row.Allocated} |");
        }

        foreach (Row row in Read(results, "RerunBenchmarks").OrderBy(r => r.Parameters["Flavour"]).ThenBy(r => r.Method))
        {
            string edit = row.Method == "UnrelatedEdit" ? "after an edit in an unrelated file" : "after editing one method body";
            markdown.AppendLine($"| {edit}, {row.Parameters["Flavour"].ToLowerInvariant()} methods | {row.Parameters["Methods"]} | {Ms(row.MeanMs)} | | {row.Allocated} |");
        }
    }

    private static void RatioChart(List<(string Name, double Generated, double HandWritten, double Torch)> rows, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Title("Gradient time / function time (lower is better)");
        plot.YLabel("ratio");
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<ScottPlot.Bar>();
        for (int i = 0; i < rows.Count; i++)
        {
            double[] values = { rows[i].Generated, rows[i].HandWritten, rows[i].Torch };
            for (int j = 0; j < 3; j++)
            {
                if (!double.IsNaN(values[j]))
                {
                    bars.Add(new ScottPlot.Bar { Position = (i * 4) + j, Value = values[j], FillColor = palette.GetColor(j) });
                }
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            rows.Select((_, i) => (i * 4) + 1.0).ToArray(), rows.Select(r => r.Name).ToArray());
        string[] legend = { "AutoGradGen (generated)", "hand-written C#", "PyTorch 1.13 (float64)" };
        for (int j = 0; j < 3; j++)
        {
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = legend[j], FillColor = palette.GetColor(j) });
        }

        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 900, 500);
    }

    private static string Ms(double ms) => ms < 1 ? $"{ms * 1e3:F1} µs" : $"{ms:F3} ms";

    private sealed record Row(string Method, string Job, double MeanMs, string Allocated, Dictionary<string, string> Parameters);

    /// <summary>The rows of <c>*.{suite}-report.csv</c>: method, job, mean in ms, allocation, and parameter columns.</summary>
    private static IEnumerable<Row> Read(string results, string suite)
    {
        string file = Directory.GetFiles(results, $"*.{suite}-report.csv").SingleOrDefault()
            ?? throw new FileNotFoundException($"No BenchmarkDotNet report for {suite} in {results}; did its suite run?");
        string[] lines = File.ReadAllLines(file);
        string[] header = SplitCsv(lines[0]);
        int Column(string name) => Array.IndexOf(header, name);
        int method = Column("Method"), job = Column("Job"), mean = Column("Mean"), allocated = Column("Allocated");
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] cells = SplitCsv(line);
            var parameters = new Dictionary<string, string>();
            foreach (string parameter in new[] { "N", "Methods", "Flavour", "Precision" })
            {
                if (Column(parameter) is int index and >= 0)
                {
                    parameters[parameter] = cells[index];
                }
            }

            yield return new Row(cells[method], cells[job], ParseMs(cells[mean]), allocated >= 0 ? cells[allocated] : "", parameters);
        }
    }

    private static double ParseMs(string text)
    {
        string[] parts = text.Replace(",", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double value = double.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts[1] switch
        {
            "ns" => value * 1e-6,
            "μs" or "us" or "µs" => value * 1e-3,
            "ms" => value,
            "s" => value * 1e3,
            _ => throw new FormatException($"Unknown time unit in '{text}'."),
        };
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        cells.Add(current.ToString());
        return cells.ToArray();
    }
}
