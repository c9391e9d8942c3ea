using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Arrays created inside loops at a steady length, against central differences.</summary>
public class ArraysCreatedInLoopsTests
{
    [Fact]
    public void A_scratch_array_created_per_point_and_per_component()
    {
        var random = new Random(5);
        double[] means = RandomPoints.Uniform(random, 6, -1, 1);
        double[] x = RandomPoints.Uniform(random, 8, -1.5, 1.5);
        double[] g = new double[means.Length];
        double value = ArraysCreatedInLoops.PerPointScratchGradient(means, x, 2, g);
        GradientAssert.Matches(p => ArraysCreatedInLoops.PerPointScratch(p, x, 2), means, value, g);
    }

    [Fact]
    public void Accumulators_and_initializers_in_nested_loops()
    {
        double[] w = { 0.7, -0.4, 1.2, 0.3 };
        double[] g = new double[w.Length];
        double value = ArraysCreatedInLoops.AccumulatorsInNestedLoopsGradient(w, g);
        GradientAssert.Matches(ArraysCreatedInLoops.AccumulatorsInNestedLoops, w, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Clones_and_scratch_arrays_per_step(int steps)
    {
        double[] w = { 0.7, -0.4, 1.2 };
        double[] given = (double[])w.Clone();
        double[] g = new double[w.Length];
        double value = ArraysCreatedInLoops.ClonesAndScratchesPerStepGradient(given, steps, g);
        Assert.Equal(w, given);
        GradientAssert.Matches(p => ArraysCreatedInLoops.ClonesAndScratchesPerStep(p, steps), w, value, g);
    }
}
