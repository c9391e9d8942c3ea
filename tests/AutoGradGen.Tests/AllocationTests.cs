using System;
using AutoGradGen.Tests.Corpus;

namespace AutoGradGen.Tests;

/// <summary>Generated scalar gradients and pullbacks allocate nothing.</summary>
public class AllocationTests
{
    [Fact]
    public void Scalar_gradient_and_pullback_do_not_allocate()
    {
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 1000; i++)
            {
                double x = 0.5 + (i * 1e-3), y = -1.25;
                sink += Arithmetic.OverwritesGradient(x, y, out double dx, out double dy) + dx + dy;
                double ax = 0, ay = 0;
                Arithmetic.OverwritesPullback(x, y, 1.5, ref ax, ref ay);
                sink += ax + ay;
            }
        }

        Run(); // JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Loop_gradients_with_saved_values_allocate_nothing_once_the_tapes_are_pooled()
    {
        // Log-sum-exp saves the running maximum and each exp on the value tape; least squares saves
        // t^j in a nested loop. Neither objective allocates, so the gradients must not either.
        var random = new Random(5);
        double[] x = new double[5000], w = new double[16], t = new double[300], y = new double[300];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() * 4 - 2;
        }

        for (int i = 0; i < t.Length; i++)
        {
            t[i] = 0.5 + (0.5 * i / t.Length);
            y[i] = Math.Sin(t[i]);
        }

        double[] gx = new double[x.Length], gw = new double[w.Length];
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 20; i++)
            {
                sink += AutoGradGen.Benchmarks.Objectives.LogSumExp.ObjectiveGradient(x, gx);
                sink += AutoGradGen.Benchmarks.Objectives.LeastSquares.ObjectiveGradient(w, t, y, gw);
            }
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Gradients_of_objectives_with_local_arrays_allocate_nothing()
    {
        // GMM, LSTM and the RK4 integrator create their own work arrays (new double[k], new double[b], …):
        // the generated gradients and pullbacks take them from LocalArrays and give them back.
        var random = new Random(9);
        double[] Values(int length, double low, double high) => Support.RandomPoints.Uniform(random, length, low, high);
        const int d = 4, k = 3, layers = 2, b = 5;
        double[] alphas = Values(k, -1, 1), means = Values(k * d, -1, 1), icf = Values(k * d * (d + 1) / 2, -0.5, 0.5), points = Values(20 * d, -1, 1);
        double[] gAlphas = new double[k], gMeans = new double[means.Length], gIcf = new double[icf.Length];
        double[] main = Values(2 * layers * 4 * b, -1, 1), extra = Values(3 * b, -1, 1), state = Values(2 * layers * b, -1, 1), sequence = Values(9 * b, -1, 1);
        double[] gMain = new double[main.Length], gExtra = new double[extra.Length], gState = new double[state.Length];
        double[] rates = Values(30, 0.1, 1), initial = Values(30, 0.1, 1), target = Values(30, 0.1, 1);
        double[] gRates = new double[30], gInitial = new double[30];
        double sink = 0;
        void Run()
        {
            for (int i = 0; i < 3; i++)
            {
                sink += AutoGradGen.Benchmarks.Objectives.Gmm.ObjectiveGradient(d, k, alphas, means, icf, points, 1.0, 0, gAlphas, gMeans, gIcf);
                AutoGradGen.Benchmarks.Objectives.Gmm.ObjectivePullback(d, k, alphas, means, icf, points, 1.0, 0, 0.5, gAlphas, gMeans, gIcf);
                sink += AutoGradGen.Benchmarks.Objectives.Lstm.ObjectiveGradient(layers, b, main, extra, state, sequence, gMain, gExtra, gState);
                sink += AutoGradGen.Benchmarks.Objectives.Ode.ObjectiveGradient(rates, initial, target, 3, 0.01, gRates, gInitial);
            }
        }

        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Pooled_local_arrays_start_zeroed_on_every_call()
    {
        // The histogram accumulates into its zero-initialized bins: a gradient handed back a bin array
        // still holding the previous call's sums would get a wrong value and gradient on the second call.
        var random = new Random(31);
        int[] scatter = { 0, 2, 1, 2, 0, 1 };
        int[] gather = { 2, 0, 1, 1, 2, 0, 2, 1 };
        for (int call = 0; call < 3; call++)
        {
            double[] x = Support.RandomPoints.Uniform(random, 6, -1, 1);
            double[] gradient = new double[x.Length];
            double value = ArraysBasics.ScatterGatherGradient(x, scatter, gather, 3, gradient);
            Support.GradientAssert.Matches(p => ArraysBasics.ScatterGather(p, scatter, gather, 3), x, value, gradient);
        }
    }
}
