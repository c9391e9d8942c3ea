using System;
using AutoGradGen.Benchmarks.HandWritten;
using AutoGradGen.Benchmarks.Objectives;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// The benchmark objectives (linked from tests/AutoGradGen.Benchmarks) at small sizes: their generated
/// gradients against central differences, and the hand-written GMM and LSTM adjoints against the
/// generated gradients to 1e-12 relative.
/// </summary>
public class HandWrittenAdjointTests
{
    private const double HandWrittenTolerance = 1e-12;

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 7)]
    [InlineData(3, 1)]
    public void LogSumExp_generated_gradient_matches_central_differences(int seed, int n)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, n, -3, 3);
        double[] grad = Garbage(n);
        double value = LogSumExp.ObjectiveGradient(x, grad);
        GradientAssert.Matches(p => LogSumExp.Objective(p), x, value, grad);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LeastSquares_generated_gradient_matches_central_differences(int seed)
    {
        const int coefficients = 5, points = 9;
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, coefficients, -1, 1);
        double[] t = RandomPoints.Uniform(random, points, -1, 1);
        double[] y = RandomPoints.Uniform(random, points, -1, 1);
        double[] grad = Garbage(coefficients);
        double value = LeastSquares.ObjectiveGradient(w, t, y, grad);
        GradientAssert.Matches(p => LeastSquares.Objective(p, t, y), w, value, grad);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ode_generated_gradient_matches_central_differences(int seed)
    {
        const int n = 6, steps = 10;
        const double h = 0.05;
        var random = new Random(seed);
        double[] rates = RandomPoints.Uniform(random, n, 0.5, 1.5);
        double[] initial = RandomPoints.Uniform(random, n, 0.5, 1.5);
        double[] target = RandomPoints.Uniform(random, n, 0.5, 1.5);
        double[] ratesGrad = Garbage(n), initialGrad = Garbage(n);
        double value = Ode.ObjectiveGradient(rates, initial, target, steps, h, ratesGrad, initialGrad);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return Ode.Objective(u.Next(rates), u.Next(initial), target, steps, h); },
            Pack.Of(rates, initial), value, Pack.Of(ratesGrad, initialGrad));
    }

    /// <summary>d = 3, k = 2, n = 5 (and larger), with the benchmark's γ = 1, m = 0 and a general prior.</summary>
    [Theory]
    [InlineData(1, 3, 2, 5, 1.0, 0)]
    [InlineData(2, 3, 2, 5, 1.3, 2)]
    [InlineData(3, 4, 3, 7, 0.7, 1)]
    [InlineData(4, 1, 1, 3, 1.0, 0)]
    public void Gmm_generated_gradient_matches_central_differences(int seed, int d, int k, int n, double gamma, int m)
    {
        GmmCase problem = GmmCase.Create(seed, d, k, n);
        double[] ga = Garbage(problem.Alphas.Length), gm = Garbage(problem.Means.Length), gi = Garbage(problem.Icf.Length);
        double value = Gmm.ObjectiveGradient(d, k, problem.Alphas, problem.Means, problem.Icf, problem.X, gamma, m, ga, gm, gi);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return Gmm.Objective(d, k, u.Next(problem.Alphas), u.Next(problem.Means), u.Next(problem.Icf), problem.X, gamma, m); },
            Pack.Of(problem.Alphas, problem.Means, problem.Icf), value, Pack.Of(ga, gm, gi));
    }

    [Theory]
    [InlineData(1, 3, 2, 5, 1.0, 0)]
    [InlineData(2, 3, 2, 5, 1.3, 2)]
    [InlineData(3, 4, 3, 7, 0.7, 1)]
    [InlineData(4, 1, 1, 3, 1.0, 0)]
    [InlineData(5, 10, 25, 40, 1.0, 0)]
    public void Gmm_hand_written_gradient_equals_generated(int seed, int d, int k, int n, double gamma, int m)
    {
        GmmCase problem = GmmCase.Create(seed, d, k, n);
        double[] ga = new double[problem.Alphas.Length], gm = new double[problem.Means.Length], gi = new double[problem.Icf.Length];
        double value = Gmm.ObjectiveGradient(d, k, problem.Alphas, problem.Means, problem.Icf, problem.X, gamma, m, ga, gm, gi);

        // Twice: the second call reuses the scratch and must overwrite the gradients left by the first.
        for (int repeat = 0; repeat < 2; repeat++)
        {
            double[] ha = Garbage(ga.Length), hm = Garbage(gm.Length), hi = Garbage(gi.Length);
            double handValue = GmmAdjoint.ObjectiveGradient(d, k, problem.Alphas, problem.Means, problem.Icf, problem.X, gamma, m, ha, hm, hi);
            AssertClose(value, handValue, "value");
            AssertClose(ga, ha, "alphas");
            AssertClose(gm, hm, "means");
            AssertClose(gi, hi, "icf");
        }
    }

    /// <summary>2 layers, b = 3, 4 steps (and one layer, and a longer sequence).</summary>
    [Theory]
    [InlineData(1, 2, 3, 4)]
    [InlineData(2, 1, 3, 4)]
    [InlineData(3, 3, 2, 6)]
    [InlineData(4, 2, 3, 1)]
    public void Lstm_generated_gradient_matches_central_differences(int seed, int layers, int b, int steps)
    {
        LstmCase problem = LstmCase.Create(seed, layers, b, steps);
        double[] gMain = Garbage(problem.Main.Length), gExtra = Garbage(problem.Extra.Length), gState = Garbage(problem.State.Length);
        double value = Lstm.ObjectiveGradient(layers, b, problem.Main, problem.Extra, problem.State, problem.Sequence, gMain, gExtra, gState);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return Lstm.Objective(layers, b, u.Next(problem.Main), u.Next(problem.Extra), u.Next(problem.State), problem.Sequence); },
            Pack.Of(problem.Main, problem.Extra, problem.State), value, Pack.Of(gMain, gExtra, gState));
    }

    [Theory]
    [InlineData(1, 2, 3, 4)]
    [InlineData(2, 1, 3, 4)]
    [InlineData(3, 3, 2, 6)]
    [InlineData(4, 2, 3, 1)]
    [InlineData(5, 2, 14, 64)]
    public void Lstm_hand_written_gradient_equals_generated(int seed, int layers, int b, int steps)
    {
        LstmCase problem = LstmCase.Create(seed, layers, b, steps);
        double[] gMain = new double[problem.Main.Length], gExtra = new double[problem.Extra.Length], gState = new double[problem.State.Length];
        double value = Lstm.ObjectiveGradient(layers, b, problem.Main, problem.Extra, problem.State, problem.Sequence, gMain, gExtra, gState);

        for (int repeat = 0; repeat < 2; repeat++)
        {
            double[] hMain = Garbage(gMain.Length), hExtra = Garbage(gExtra.Length), hState = Garbage(gState.Length);
            double handValue = LstmAdjoint.ObjectiveGradient(layers, b, problem.Main, problem.Extra, problem.State, problem.Sequence, hMain, hExtra, hState);
            AssertClose(value, handValue, "value");
            AssertClose(gMain, hMain, "main");
            AssertClose(gExtra, hExtra, "extra");
            AssertClose(gState, hState, "initialState");
        }
    }

    [Fact]
    public void Hand_written_adjoints_do_not_allocate_in_steady_state()
    {
        GmmCase gmm = GmmCase.Create(1, 4, 3, 20);
        LstmCase lstm = LstmCase.Create(1, 2, 5, 30);
        double[] ga = new double[gmm.Alphas.Length], gm = new double[gmm.Means.Length], gi = new double[gmm.Icf.Length];
        double[] gMain = new double[lstm.Main.Length], gExtra = new double[lstm.Extra.Length], gState = new double[lstm.State.Length];
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 10; i++)
            {
                sink += GmmAdjoint.ObjectiveGradient(4, 3, gmm.Alphas, gmm.Means, gmm.Icf, gmm.X, 1.0, 0, ga, gm, gi);
                sink += LstmAdjoint.ObjectiveGradient(2, 5, lstm.Main, lstm.Extra, lstm.State, lstm.Sequence, gMain, gExtra, gState);
            }
        }

        Run(); // JIT and scratch buffers first
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Hand_written_adjoints_reject_gradient_buffers_of_the_wrong_length()
    {
        GmmCase gmm = GmmCase.Create(1, 3, 2, 5);
        Assert.Throws<ArgumentException>(() => GmmAdjoint.ObjectiveGradient(
            3, 2, gmm.Alphas, gmm.Means, gmm.Icf, gmm.X, 1.0, 0, new double[1], new double[gmm.Means.Length], new double[gmm.Icf.Length]));
        LstmCase lstm = LstmCase.Create(1, 2, 3, 4);
        Assert.Throws<ArgumentException>(() => LstmAdjoint.ObjectiveGradient(
            2, 3, lstm.Main, lstm.Extra, lstm.State, lstm.Sequence, new double[lstm.Main.Length], new double[lstm.Extra.Length], new double[1]));
    }

    /// <summary>|expected − actual| ≤ 1e-12 · |expected| (exact equality for zeros).</summary>
    private static void AssertClose(double expected, double actual, string what)
    {
        double error = Math.Abs(expected - actual);
        Assert.True(
            error <= HandWrittenTolerance * Math.Abs(expected),
            $"{what}: generated {expected:R}, hand-written {actual:R}, relative error {error / Math.Abs(expected):E2}");
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], $"{what}[{i}]");
        }
    }

    /// <summary>A gradient buffer filled with a nonzero value, to check that it is overwritten.</summary>
    private static double[] Garbage(int length)
    {
        double[] values = new double[length];
        Array.Fill(values, 123.25);
        return values;
    }

    private sealed record GmmCase(double[] Alphas, double[] Means, double[] Icf, double[] X)
    {
        public static GmmCase Create(int seed, int d, int k, int n)
        {
            var random = new Random(seed);
            return new GmmCase(
                RandomPoints.Uniform(random, k, -1, 1),
                RandomPoints.Uniform(random, k * d, -1, 1),
                RandomPoints.Uniform(random, k * d * (d + 1) / 2, -0.5, 0.5),
                RandomPoints.Uniform(random, n * d, -1.5, 1.5));
        }
    }

    private sealed record LstmCase(double[] Main, double[] Extra, double[] State, double[] Sequence)
    {
        public static LstmCase Create(int seed, int layers, int b, int steps)
        {
            var random = new Random(seed);
            return new LstmCase(
                RandomPoints.Uniform(random, layers * 8 * b, -1, 1),
                RandomPoints.Uniform(random, 3 * b, -1, 1),
                RandomPoints.Uniform(random, layers * 2 * b, -0.5, 0.5),
                RandomPoints.Uniform(random, (steps + 1) * b, -1, 1));
        }
    }
}
