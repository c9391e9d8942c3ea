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
}
