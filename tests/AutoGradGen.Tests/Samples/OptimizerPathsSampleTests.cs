using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AutoGradGen.Tests.Samples;

/// <summary>
/// The optimizer-paths sample: six optimizers on x²/20 + y² from (−7, 2). Its CSV must match
/// torch.optim's float64 paths (Data/optimizer_paths_torch.json, from generate_optimizer_paths.py).
/// </summary>
public sealed class OptimizerPathsSampleTests : IDisposable
{
    private const int Steps = 30;
    private const double RelativeTolerance = 1e-10;
    private const double AbsoluteFloor = 1e-12;

    private static readonly string[] Names = { "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam" };

    private readonly string output = Path.Combine(Path.GetTempPath(), "agg-optimizer-paths-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Paths_match_PyTorch_and_the_figure_is_written()
    {
        string dll = SampleRunner.EnsureBuilt("OptimizerPaths");
        (int exit, string text) = SampleRunner.Run(dll, "--output", output);

        Assert.True(exit == 0, text);
        foreach (string name in Names)
        {
            Assert.Contains(name, text);
        }

        Dictionary<string, (double X, double Y)[]> paths = ReadCsv(Path.Combine(output, "optimizer-paths.csv"));
        Dictionary<string, (double X, double Y)[]> torch = ReadTorch();
        Assert.Equal(Names, paths.Keys);
        foreach (string name in Names)
        {
            (double X, double Y)[] ours = paths[name];
            (double X, double Y)[] theirs = torch[name];
            Assert.Equal(Steps + 1, ours.Length);
            Assert.Equal(Steps + 1, theirs.Length);
            Assert.Equal((-7.0, 2.0), ours[0]);
            for (int step = 0; step <= Steps; step++)
            {
                AssertClose(theirs[step].X, ours[step].X, $"{name} step {step} x");
                AssertClose(theirs[step].Y, ours[step].Y, $"{name} step {step} y");
            }
        }

        AssertPng(Path.Combine(output, "optimizer-paths.png"));
    }

    /// <summary>The CSV's rows by optimizer, in file order; checks the header and that steps run 0, 1, … per optimizer.</summary>
    private static Dictionary<string, (double X, double Y)[]> ReadCsv(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        Assert.Equal("optimizer,step,x,y", lines[0]);
        Assert.Equal(Names.Length * (Steps + 1), lines.Length - 1);

        var paths = new Dictionary<string, List<(double X, double Y)>>();
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(',');
            Assert.True(fields.Length == 4, $"malformed row '{line}'");
            if (!paths.TryGetValue(fields[0], out List<(double X, double Y)>? points))
            {
                Assert.Contains(fields[0], Names);
                paths[fields[0]] = points = new List<(double X, double Y)>();
            }

            Assert.Equal(points.Count.ToString(CultureInfo.InvariantCulture), fields[1]);
            points.Add((Parse(fields[2]), Parse(fields[3])));
        }

        return paths.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    private static Dictionary<string, (double X, double Y)[]> ReadTorch()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", "optimizer_paths_torch.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var paths = new Dictionary<string, (double X, double Y)[]>();
        foreach (JsonProperty optimizer in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            paths[optimizer.Name] = optimizer.Value.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToArray();
        }

        Assert.Equal(Names.OrderBy(n => n, StringComparer.Ordinal), paths.Keys.OrderBy(n => n, StringComparer.Ordinal));
        return paths;
    }

    private static double Parse(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void AssertClose(double expected, double actual, string what)
    {
        double tolerance = Math.Max(RelativeTolerance * Math.Abs(expected), AbsoluteFloor);
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: PyTorch {expected:R}, sample {actual:R}");
    }

    /// <summary>A PNG signature, an IHDR chunk with a non-empty size, and more than a blank image's bytes.</summary>
    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)) > 0, "PNG width is 0");
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)) > 0, "PNG height is 0");
    }
}
