using System;

namespace AutoGradGen.Benchmarks.Suites;

/// <summary>The benchmark problems at the sizes the README reports, with seeded inputs.</summary>
public static class Problems
{
    /// <summary>log-sum-exp, n = 50,000.</summary>
    public sealed class LogSumExpProblem
    {
        public double[] X { get; } = Random(50_000, 1, scale: 3);

        public double[] Gradient { get; } = new double[50_000];
    }

    /// <summary>
    /// Polynomial least squares: 128 coefficients, 4,096 points in [0.5, 1]. (Points near 0 would
    /// drive t^127 into subnormal numbers, whose arithmetic is two orders of magnitude slower and
    /// would measure the FPU, not the gradient.)
    /// </summary>
    public sealed class LeastSquaresProblem
    {
        public LeastSquaresProblem()
        {
            for (int i = 0; i < T.Length; i++)
            {
                T[i] = 0.5 + (0.5 * i / (T.Length - 1));
                Y[i] = Math.Sin(3 * T[i]);
            }
        }

        public double[] W { get; } = Random(128, 2, scale: 0.1);

        public double[] T { get; } = new double[4096];

        public double[] Y { get; } = new double[4096];

        public double[] Gradient { get; } = new double[128];
    }

    /// <summary>GMM: d = 10, k = 25, n = 1,000 (ADBench's 1k sizes), γ = 1, m = 0.</summary>
    public sealed class GmmProblem
    {
        public const int D = 10;
        public const int K = 25;
        public const int N = 1000;
        public const int IcfSize = D * (D + 1) / 2;

        public double[] Alphas { get; } = Random(K, 3, scale: 1);

        public double[] Means { get; } = Random(K * D, 4, scale: 1);

        public double[] Icf { get; } = Random(K * IcfSize, 5, scale: 0.5);

        public double[] X { get; } = Random(N * D, 6, scale: 1);

        public double[] AlphasGradient { get; } = new double[K];

        public double[] MeansGradient { get; } = new double[K * D];

        public double[] IcfGradient { get; } = new double[K * IcfSize];
    }

    /// <summary>LSTM: 2 layers, b = 14, 1,024 steps.</summary>
    public sealed class LstmProblem
    {
        public const int Layers = 2;
        public const int B = 14;
        public const int Steps = 1024;

        public double[] Main { get; } = Random(2 * Layers * 4 * B, 7, scale: 1);

        public double[] Extra { get; } = Random(3 * B, 8, scale: 1);

        public double[] State { get; } = Random(2 * Layers * B, 9, scale: 1);

        public double[] Sequence { get; } = Random((Steps + 1) * B, 10, scale: 1);

        public double[] MainGradient { get; } = new double[2 * Layers * 4 * B];

        public double[] ExtraGradient { get; } = new double[3 * B];

        public double[] StateGradient { get; } = new double[2 * Layers * B];
    }

    /// <summary>RK4 ODE: n = 1,000 species, 100 steps of h = 0.01.</summary>
    public sealed class OdeProblem
    {
        public const int N = 1000;
        public const int Steps = 100;
        public const double H = 0.01;

        public double[] Rates { get; } = Positive(N, 11);

        public double[] Initial { get; } = Positive(N, 12);

        public double[] Target { get; } = Positive(N, 13);

        public double[] RatesGradient { get; } = new double[N];

        public double[] InitialGradient { get; } = new double[N];
    }

    /// <summary>n values uniform in ±<paramref name="scale"/>, from a fixed seed.</summary>
    public static double[] Uniform(int n, int seed, double scale) => Random(n, seed, scale);

    private static double[] Random(int n, int seed, double scale)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = (random.NextDouble() * 2 - 1) * scale;
        }

        return values;
    }

    private static double[] Positive(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = 0.5 + random.NextDouble();
        }

        return values;
    }
}
