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
}
