using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Adjoints of arrays rewritten whole and then read, step after step, stored into instead of added
/// to (and never cleared), and the near misses where that would be wrong: every gradient against
/// central differences, and the pullback as old adjoint + seed · gradient.
/// </summary>
public class StoredAdjointTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(3, 0)]
    public void Midpoint_steps(int n, int steps)
        => CheckIntegrator(
            StoredAdjoints.Midpoint, StoredAdjoints.MidpointGradient, StoredAdjoints.MidpointPullback,
            new Random(n * 7 + steps), n, steps, seed: 2.5, repeatCalls: false);

    [Theory]
    [InlineData(1, 2)] // the stencils never run: only the zeroed last element stands for their stores
    [InlineData(2, 1)]
    [InlineData(5, 3)]
    [InlineData(4, 0)]
    public void Stencil_stages(int n, int steps)
        => CheckIntegrator(
            StoredAdjoints.StencilStages, StoredAdjoints.StencilStagesGradient, StoredAdjoints.StencilStagesPullback,
            new Random(n * 11 + steps), n, steps, seed: -1.5, repeatCalls: true);

    private delegate double Integrator(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, int steps, double h);

    private delegate double IntegratorGradient(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, int steps, double h, Span<double> ratesGrad, Span<double> initialGrad);

    private delegate void IntegratorPullback(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, int steps, double h, double seed, Span<double> ratesAdjoint, Span<double> initialAdjoint);

    /// <summary>
    /// The gradient of an integrator over (rates, initial) against central differences; with
    /// <paramref name="repeatCalls"/>, twice more with the same result (stale adjoint values left in
    /// pooled arrays by one call must not reach the next); and the pullback as old + seed · gradient.
    /// </summary>
    private static void CheckIntegrator(
        Integrator function, IntegratorGradient gradientOf, IntegratorPullback pullback, Random random, int n, int steps, double seed, bool repeatCalls)
    {
        double[] rates = RandomPoints.Uniform(random, n, 0.2, 1.2);
        double[] initial = RandomPoints.Uniform(random, n, 0.5, 1.5);
        double[] gRates = new double[n], gInitial = new double[n];
        double value = gradientOf(rates, initial, steps, 0.1, gRates, gInitial);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return function(u.Next(rates), u.Next(initial), steps, 0.1); },
            Pack.Of(rates, initial),
            value,
            Pack.Of(gRates, gInitial));

        if (repeatCalls)
        {
            double[] again = new double[n], againInitial = new double[n];
            gradientOf(rates, initial, steps, 0.1, again, againInitial);
            gradientOf(rates, initial, steps, 0.1, again, againInitial);
            Assert.Equal(gRates, again);
            Assert.Equal(gInitial, againInitial);
        }

        double[] start = RandomPoints.Uniform(random, n, -1, 1);
        double[] aRates = (double[])start.Clone(), aInitial = new double[n];
        pullback(rates, initial, steps, 0.1, seed, aRates, aInitial);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(start[i] + (seed * gRates[i]), aRates[i], 1e-12);
            Assert.Equal(seed * gInitial[i], aInitial[i], 1e-12);
        }
    }

    [Theory]
    [InlineData(nameof(StoredAdjoints.StencilReadingBehindTwice), 1)]
    [InlineData(nameof(StoredAdjoints.StencilReadingBehindTwice), 4)]
    [InlineData(nameof(StoredAdjoints.StencilPassWithAGap), 1)]
    [InlineData(nameof(StoredAdjoints.StencilPassWithAGap), 4)]
    public void Stencil_near_misses(string method, int n)
    {
        (Func<double[], double> f, Func<double[], double[], double> gradient) = method == nameof(StoredAdjoints.StencilReadingBehindTwice)
            ? ((Func<double[], double>)(p => StoredAdjoints.StencilReadingBehindTwice(p, 3)), (Func<double[], double[], double>)((p, g) => StoredAdjoints.StencilReadingBehindTwiceGradient(p, 3, g)))
            : (p => StoredAdjoints.StencilPassWithAGap(p, 3), (p, g) => StoredAdjoints.StencilPassWithAGapGradient(p, 3, g));
        double[] w = RandomPoints.Uniform(new Random(n), n, -1, 1);
        double[] g = new double[n];
        double value = gradient(w, g);
        GradientAssert.Matches(f, w, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_pass_whose_last_read_adds_nothing(int steps)
    {
        // Away from Floor's jumps: w² + y stays clear of integers at these points.
        double[] w = { 0.37, -0.61, 0.83 };
        double[] g = new double[w.Length];
        double value = StoredAdjoints.PassWithAZeroDerivativeReadGradient(w, steps, g);
        GradientAssert.Matches(p => StoredAdjoints.PassWithAZeroDerivativeRead(p, steps), w, value, g);
    }

    [Theory]
    [InlineData(nameof(StoredAdjoints.ConditionalLastRead))]
    [InlineData(nameof(StoredAdjoints.PartialLastRead))]
    [InlineData(nameof(StoredAdjoints.ZeroDerivativeLastRead))]
    [InlineData(nameof(StoredAdjoints.ReadBeforeTheRewrite))]
    [InlineData(nameof(StoredAdjoints.ChainedStages))]
    [InlineData(nameof(StoredAdjoints.RewriteWithAHole))]
    public void Near_misses_and_chained_stages(string method)
    {
        (Func<double[], double> f, Func<double[], double[], double> gradient) = method switch
        {
            nameof(StoredAdjoints.ConditionalLastRead) => ((Func<double[], double>)(p => StoredAdjoints.ConditionalLastRead(p, 4)), (Func<double[], double[], double>)((p, g) => StoredAdjoints.ConditionalLastReadGradient(p, 4, g))),
            nameof(StoredAdjoints.PartialLastRead) => (p => StoredAdjoints.PartialLastRead(p, 3), (p, g) => StoredAdjoints.PartialLastReadGradient(p, 3, g)),
            nameof(StoredAdjoints.ZeroDerivativeLastRead) => (p => StoredAdjoints.ZeroDerivativeLastRead(p, 3), (p, g) => StoredAdjoints.ZeroDerivativeLastReadGradient(p, 3, g)),
            nameof(StoredAdjoints.ReadBeforeTheRewrite) => (p => StoredAdjoints.ReadBeforeTheRewrite(p, 3), (p, g) => StoredAdjoints.ReadBeforeTheRewriteGradient(p, 3, g)),
            nameof(StoredAdjoints.ChainedStages) => (p => StoredAdjoints.ChainedStages(p, 3), (p, g) => StoredAdjoints.ChainedStagesGradient(p, 3, g)),
            _ => (p => StoredAdjoints.RewriteWithAHole(p, 5), (p, g) => StoredAdjoints.RewriteWithAHoleGradient(p, 5, g)),
        };

        // Away from Floor's jumps: w² + s stays clear of integers by at least 0.05 at these points.
        double[] w = { 0.37, -0.61, 0.83 };
        double[] g = new double[w.Length];
        double value = gradient(w, g);
        GradientAssert.Matches(f, w, value, g);
    }
}
