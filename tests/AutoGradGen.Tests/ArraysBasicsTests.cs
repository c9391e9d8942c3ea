using System;
using System.Linq;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Gradients of <see cref="ArraysBasics"/> against central differences at seeded random points.</summary>
public class ArraysBasicsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void StridedSum(int seed, int stride)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 7, -1, 1);
        double[] g = new double[x.Length];
        double value = ArraysBasics.StridedSumGradient(x, stride, g);
        GradientAssert.Matches(p => ArraysBasics.StridedSum(p, stride), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NewtonSquareRoots(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 5, 0.5, 4);
        double[] weights = RandomPoints.Uniform(random, 5, -1, 1);
        double[] g = new double[x.Length];
        double value = ArraysBasics.NewtonSquareRootsGradient(x, weights, g);
        GradientAssert.Matches(p => ArraysBasics.NewtonSquareRoots(p, weights), x, value, g);
    }

    /// <summary>No halving (norm below 1), and one or several halvings.</summary>
    [Theory]
    [InlineData(1, 0.3, false)]
    [InlineData(2, 1.5, true)]
    [InlineData(3, 6.0, true)]
    public void HalveUntilUnit(int seed, double scale, bool halves)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 4, -scale, scale);
        Assert.Equal(halves, x.Sum(v => v * v) > 1);
        double[] g = new double[x.Length];
        double value = ArraysBasics.HalveUntilUnitGradient(x, g);
        GradientAssert.Matches(p => ArraysBasics.HalveUntilUnit(p), x, value, g);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    public void DampedPasses(int seed, int passes)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 4, -2, 2);
        double decay = 0.5 + (0.4 * random.NextDouble());
        double[] g = new double[x.Length];
        double value = ArraysBasics.DampedPassesGradient(x, decay, passes, g, out double gDecay);
        GradientAssert.Matches(p => ArraysBasics.DampedPasses(p[..^1], p[^1], passes), Pack.Of(x, decay), value, Pack.Of(g, gDecay));
    }

    /// <summary>A budget never reached (no break) and budgets reached after a few elements.</summary>
    [Theory]
    [InlineData(1, 100.0, false)]
    [InlineData(2, 0.8, true)]
    [InlineData(3, 1.5, true)]
    public void SumUntilBudget(int seed, double budget, bool breaks)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -1, 1);
        Assert.Equal(breaks, x.Sum(v => v * v) > budget);
        double[] g = new double[x.Length];
        double value = ArraysBasics.SumUntilBudgetGradient(x, budget, g);
        GradientAssert.Matches(p => ArraysBasics.SumUntilBudget(p, budget), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SkipNegatives(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 6, -1, 1);
        double[] w = RandomPoints.Uniform(random, 6, -1, 1);
        Assert.Contains(x, v => v < 0);
        Assert.Contains(x, v => v > 0);
        double[] gx = new double[x.Length], gw = new double[w.Length];
        double value = ArraysBasics.SkipNegativesGradient(x, w, gx, gw);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysBasics.SkipNegatives(u.Next(x), u.Next(w)); }, Pack.Of(x, w), value, Pack.Of(gx, gw));
    }

    /// <summary>Returns inside the loop (threshold reached) and falls through to the final return.</summary>
    [Theory]
    [InlineData(1, 0.5, true)]
    [InlineData(2, 0.2, true)]
    [InlineData(3, 5.0, false)]
    [InlineData(4, 5.0, false)]
    public void FirstAboveThreshold(int seed, double threshold, bool returnsInside)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -1, 1);
        Assert.Equal(returnsInside, x.Any(v => v > threshold));
        double[] g = new double[x.Length];
        double value = ArraysBasics.FirstAboveThresholdGradient(x, threshold, g);
        GradientAssert.Matches(p => ArraysBasics.FirstAboveThreshold(p, threshold), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void QuadraticForm(int seed)
    {
        var random = new Random(seed);
        double[][] a = RandomPoints.Uniform(random, 3, 3, -1, 1);
        double[] x = RandomPoints.Uniform(random, 3, -2, 2);
        double[][] ga = RandomPoints.ZerosLike(a);
        double[] gx = new double[x.Length];
        double value = ArraysBasics.QuadraticFormGradient(a, x, ga, gx);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysBasics.QuadraticForm(u.Next(a), u.Next(x)); }, Pack.Of(a, x), value, Pack.Of(ga, gx));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PairwiseInteractions(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysBasics.PairwiseInteractionsGradient(x, g);
        GradientAssert.Matches(p => ArraysBasics.PairwiseInteractions(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ForeachOverSpans(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 4, -2, 2);
        double[] y = RandomPoints.Uniform(random, 3, -1, 1);
        double[] gx = new double[x.Length], gy = new double[y.Length];
        double value = ArraysBasics.ForeachOverSpansGradient(x, y, gx, gy);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysBasics.ForeachOverSpans(u.Next(x), u.Next(y)); }, Pack.Of(x, y), value, Pack.Of(gx, gy));
    }

    /// <summary>Elements with x² − 1 on both sides of 0 (the sqrt arm and the square arm).</summary>
    [Fact]
    public void ForeachOverLocal()
    {
        double[] x = { 0.3, -1.6, 1.4, -0.5, 2.0 };
        double[] g = new double[x.Length];
        double value = ArraysBasics.ForeachOverLocalGradient(x, g);
        GradientAssert.Matches(p => ArraysBasics.ForeachOverLocal(p), x, value, g);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void LeakyReluLayer(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 6, -1, 1);
        double[] w = RandomPoints.Uniform(random, 6, -1, 1);
        double bias = random.NextDouble() - 0.5;
        double[] gx = new double[x.Length], gw = new double[w.Length];
        double value = ArraysBasics.LeakyReluLayerGradient(x, w, bias, gx, gw, out double gb);
        Assert.Contains(Enumerable.Range(0, x.Length), i => (w[i] * x[i]) + bias > 0);
        Assert.Contains(Enumerable.Range(0, x.Length), i => (w[i] * x[i]) + bias < 0);
        Assert.DoesNotContain(Enumerable.Range(0, x.Length), i => Math.Abs((w[i] * x[i]) + bias) < 0.01);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysBasics.LeakyReluLayer(u.Next(x), u.Next(w), u.Scalar()); },
            Pack.Of(x, w, bias), value, Pack.Of(gx, gw, gb));
    }

    /// <summary>Points with elements below, inside and above the clipping interval.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ClipInPlace(int seed)
    {
        double[] x = ClipPoint(seed);
        double[] g = new double[x.Length];
        double value = ArraysBasics.ClipInPlaceGradient(x, -1, 1, g);
        GradientAssert.Matches(p => ArraysBasics.ClipInPlace(p, -1, 1), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ClipSequentialIfs(int seed)
    {
        double[] x = ClipPoint(seed);
        double[] g = new double[x.Length];
        double value = ArraysBasics.ClipSequentialIfsGradient(x, -1, 1, g);
        GradientAssert.Matches(p => ArraysBasics.ClipSequentialIfs(p, -1, 1), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RunningMaxAndProduct(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysBasics.RunningMaxAndProductGradient(x, g);
        GradientAssert.Matches(p => ArraysBasics.RunningMaxAndProduct(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RunningMinRescaled(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -3, 3);
        double[] g = new double[x.Length];
        double value = ArraysBasics.RunningMinRescaledGradient(x, g);
        GradientAssert.Matches(p => ArraysBasics.RunningMinRescaled(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PrefixSumsInPlace(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 6, -1, 1);
        double scale = 0.5 + random.NextDouble();
        double[] g = new double[x.Length];
        double value = ArraysBasics.PrefixSumsInPlaceGradient(x, scale, g, out double gScale);
        GradientAssert.Matches(p => ArraysBasics.PrefixSumsInPlace(p[..^1], p[^1]), Pack.Of(x, scale), value, Pack.Of(g, gScale));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 4)]
    public void SmoothingPasses(int seed, int passes)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 6, -1, 1);
        double[] target = RandomPoints.Uniform(random, 6, -1, 1);
        double[] g = new double[x.Length];
        double value = ArraysBasics.SmoothingPassesGradient(x, target, passes, g);
        GradientAssert.Matches(p => ArraysBasics.SmoothingPasses(p, target, passes), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CompoundElementUpdates(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 5, -1, 1);
        double[] y = RandomPoints.Uniform(random, 5, -2, 2);
        double[] gx = new double[x.Length], gy = new double[y.Length];
        double value = ArraysBasics.CompoundElementUpdatesGradient(x, y, gx, gy);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysBasics.CompoundElementUpdates(u.Next(x), u.Next(y)); }, Pack.Of(x, y), value, Pack.Of(gx, gy));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ScatterGather(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 6, -1, 1);
        int[] scatter = RandomPoints.Indices(random, 6, 3);
        int[] gather = RandomPoints.Indices(random, 8, 3);
        double[] g = new double[x.Length];
        double value = ArraysBasics.ScatterGatherGradient(x, scatter, gather, 3, g);
        GradientAssert.Matches(p => ArraysBasics.ScatterGather(p, scatter, gather, 3), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void StackallocScratch(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 5, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysBasics.StackallocScratchGradient(x, g);
        GradientAssert.Matches(p => ArraysBasics.StackallocScratch(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void InitializerCoefficients(int seed)
    {
        var random = new Random(seed);
        double[] abc = RandomPoints.Uniform(random, 3, -1, 1);
        double[] ts = RandomPoints.Uniform(random, 4, -1.5, 1.5);
        double value = ArraysBasics.InitializerCoefficientsGradient(abc[0], abc[1], abc[2], ts, out double ga, out double gb, out double gc);
        GradientAssert.Matches(p => ArraysBasics.InitializerCoefficients(p[0], p[1], p[2], ts), abc, value, ga, gb, gc);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MatrixVectorTanh(int seed)
    {
        var random = new Random(seed);
        double[][] a = RandomPoints.Uniform(random, 3, 4, -1, 1);
        double[] x = RandomPoints.Uniform(random, 4, -1, 1);
        double[][] ga = RandomPoints.ZerosLike(a);
        double[] gx = new double[x.Length];
        double value = ArraysBasics.MatrixVectorTanhGradient(a, x, ga, gx);
        GradientAssert.Matches(p => { var u = new Unpack<double>(p); return ArraysBasics.MatrixVectorTanh(u.Next(a), u.Next(x)); }, Pack.Of(a, x), value, Pack.Of(ga, gx));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SegmentLogNorms(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 7, -1, 1);
        int[] offsets = { 0, 2, 3, 3, 7 };
        double[] g = new double[x.Length];
        double value = ArraysBasics.SegmentLogNormsGradient(x, offsets, g);
        GradientAssert.Matches(p => ArraysBasics.SegmentLogNorms(p, offsets), x, value, g);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void RepeatedSoftClip(int seed, int passes)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 6, -1, 2);
        double[] g = new double[x.Length];
        double value = ArraysBasics.RepeatedSoftClipGradient(x, passes, g);
        GradientAssert.Matches(p => ArraysBasics.RepeatedSoftClip(p, passes), x, value, g);
    }

    /// <summary>
    /// A method that writes to its own Span parameter. Each call gets a fresh copy: the contract does not
    /// say yet whether the Gradient leaves the argument as the method would (it currently restores it).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NormalizeParameterInPlace(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 4, -2, 2);
        double[] g = new double[x.Length];
        double value = ArraysBasics.NormalizeParameterInPlaceGradient((double[])x.Clone(), g);
        GradientAssert.Matches(p => ArraysBasics.NormalizeParameterInPlace((double[])p.Clone()), x, value, g);
    }

    /// <summary>Elements scaled by 1.5 fall below, inside and above [−1, 1], none within 0.01 of an edge.</summary>
    private static double[] ClipPoint(int seed)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 8, -1.5, 1.5);
        Assert.Contains(x, v => 1.5 * v < -1);
        Assert.Contains(x, v => 1.5 * v > 1);
        Assert.DoesNotContain(x, v => Math.Abs(Math.Abs(1.5 * v) - 1) < 0.01);
        return x;
    }
}
