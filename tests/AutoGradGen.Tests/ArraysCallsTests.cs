using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Gradients of <see cref="ArraysCalls"/>: array and span arguments to [Differentiable] callees.</summary>
public class ArraysCallsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Dot(int seed)
    {
        var random = new Random(seed);
        double[] a = RandomPoints.Uniform(random, 4, -1, 1);
        double[] b = RandomPoints.Uniform(random, 4, -1, 1);
        double[] ga = new double[a.Length], gb = new double[b.Length];
        double value = ArraysCalls.DotGradient(a, b, ga, gb);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysCalls.Dot(u.Next(a), u.Next(b)); }, Pack.Of(a, b), value, Pack.Of(ga, gb));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Variance(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 5, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysCalls.VarianceGradient(x, g);
        GradientAssert.Matches(p => ArraysCalls.Variance(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CosineSimilarity(int seed)
    {
        var random = new Random(seed);
        double[] a = RandomPoints.Uniform(random, 4, -1, 1);
        double[] b = RandomPoints.Uniform(random, 4, -1, 1);
        double[] ga = new double[a.Length], gb = new double[b.Length];
        double value = ArraysCalls.CosineSimilarityGradient(a, b, ga, gb);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysCalls.CosineSimilarity(u.Next(a), u.Next(b)); }, Pack.Of(a, b), value, Pack.Of(ga, gb));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Skewness(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysCalls.SkewnessGradient(x, g);
        GradientAssert.Matches(p => ArraysCalls.Skewness(p), x, value, g);
    }

    /// <summary>Blocks that tile the array exactly, and a block size that leaves a tail out.</summary>
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    public void BlockLogSumExps(int seed, int block)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysCalls.BlockLogSumExpsGradient(x, block, g);
        GradientAssert.Matches(p => ArraysCalls.BlockLogSumExps(p, block), x, value, g);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    public void SlidingVariance(int seed, int window)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysCalls.SlidingVarianceGradient(x, window, g);
        GradientAssert.Matches(p => ArraysCalls.SlidingVariance(p, window), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void JaggedRowDots(int seed)
    {
        var random = new Random(seed);
        double[][] c = RandomPoints.Uniform(random, 3, 4, -1, 1);
        double[] w = RandomPoints.Uniform(random, 4, -1, 1);
        double[][] gc = RandomPoints.ZerosLike(c);
        double[] gw = new double[w.Length];
        double value = ArraysCalls.JaggedRowDotsGradient(c, w, gc, gw);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysCalls.JaggedRowDots(u.Next(c), u.Next(w)); }, Pack.Of(c, w), value, Pack.Of(gc, gw));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LocalArrayToCallees(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 5, -2, 2);
        double[] w = RandomPoints.Uniform(random, 5, -1, 1);
        double[] gx = new double[x.Length], gw = new double[w.Length];
        double value = ArraysCalls.LocalArrayToCalleesGradient(x, w, gx, gw);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysCalls.LocalArrayToCallees(u.Next(x), u.Next(w)); }, Pack.Of(x, w), value, Pack.Of(gx, gw));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StackallocToCallee(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -1.5, 1.5);
        double[] g = new double[x.Length];
        double value = ArraysCalls.StackallocToCalleeGradient(x, g);
        GradientAssert.Matches(p => ArraysCalls.StackallocToCallee(p), x, value, g);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    public void CalleeOnEvolvingLocal(int seed, int steps)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 4, -1.5, 1.5);
        double[] g = new double[x.Length];
        double value = ArraysCalls.CalleeOnEvolvingLocalGradient(x, steps, g);
        GradientAssert.Matches(p => ArraysCalls.CalleeOnEvolvingLocal(p, steps), x, value, g);
    }
}
