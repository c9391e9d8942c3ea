using System;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace AutoGradGen.Benchmarks.Suites;

/// <summary>
/// float32 square matrix products C = A·B through <see cref="MatMul"/>; GFLOP/s = 2n³ / time.
/// OpenBLAS's sgemm on the same machine is measured by the side-by-side script (issue: benchmark suite).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RatioConfig))]
public class MatMulBenchmarks
{
    private float[] a = Array.Empty<float>();
    private float[] b = Array.Empty<float>();
    private float[] c = Array.Empty<float>();

    [Params(256, 512, 1024)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        a = new float[N * N];
        b = new float[N * N];
        c = new float[N * N];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)random.NextDouble();
            b[i] = (float)random.NextDouble();
        }
    }

    [Benchmark]
    public void Sgemm() => MatMul.Multiply(a, b, c, N, N, N);

    /// <summary>A quick GFLOP/s table for development (best of several runs).</summary>
    public static void Quick()
    {
        foreach (int n in new[] { 256, 512, 1024 })
        {
            var suite = new MatMulBenchmarks { N = n };
            suite.Setup();
            double best = double.MaxValue;
            for (int run = 0; run < 12; run++)
            {
                long start = Stopwatch.GetTimestamp();
                suite.Sgemm();
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            Console.WriteLine($"sgemm {n,5}: {2.0 * n * n * n / best / 1e9,7:F1} GFLOP/s ({best * 1e3:F2} ms)");
        }
    }
}
