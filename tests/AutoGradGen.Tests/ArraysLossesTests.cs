using System;
using System.Linq;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Gradients of <see cref="ArraysLosses"/> at seeded random points.</summary>
public class ArraysLossesTests
{
    /// <summary>Random points, and large values where an unshifted exp would overflow.</summary>
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 3.0)]
    [InlineData(3, 800.0)]
    public void LogSumExp(int seed, double scale)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 5, -scale, scale);
        double[] g = new double[x.Length];
        double value = ArraysLosses.LogSumExpGradient(x, g);
        Assert.True(double.IsFinite(value));
        GradientAssert.Matches(p => ArraysLosses.LogSumExp(p), x, value, g);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    public void PolynomialLeastSquares(int seed, int degree)
    {
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, degree + 1, -1, 1);
        double[] x = RandomPoints.Uniform(random, 6, -1.5, 1.5);
        double[] y = RandomPoints.Uniform(random, 6, -1, 1);
        double[] gw = new double[w.Length], gx = new double[x.Length], gy = new double[y.Length];
        double value = ArraysLosses.PolynomialLeastSquaresGradient(w, x, y, gw, gx, gy);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysLosses.PolynomialLeastSquares(u.Next(w), u.Next(x), u.Next(y)); },
            Pack.Of(w, x, y), value, Pack.Of(gw, gx, gy));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SoftmaxCrossEntropyL2(int seed)
    {
        const int classes = 3, dims = 4, batch = 5;
        var random = new Random(seed);
        double[] weights = RandomPoints.Uniform(random, classes * dims, -1, 1);
        double[] bias = RandomPoints.Uniform(random, classes, -0.5, 0.5);
        double[] features = RandomPoints.Uniform(random, batch * dims, -2, 2);
        int[] labels = RandomPoints.Indices(random, batch, classes);
        double[] gw = new double[weights.Length], gb = new double[bias.Length];
        double value = ArraysLosses.SoftmaxCrossEntropyL2Gradient(weights, bias, features, labels, 0.1, gw, gb);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysLosses.SoftmaxCrossEntropyL2(u.Next(weights), u.Next(bias), features, labels, 0.1); },
            Pack.Of(weights, bias), value, Pack.Of(gw, gb));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SoftmaxCrossEntropyJagged(int seed)
    {
        var random = new Random(seed);
        double[][] scores = RandomPoints.Uniform(random, 4, 3, -2, 2);
        int[] labels = RandomPoints.Indices(random, 4, 3);
        double[][] g = RandomPoints.ZerosLike(scores);
        double value = ArraysLosses.SoftmaxCrossEntropyJaggedGradient(scores, labels, g);
        GradientAssert.Matches(p => ArraysLosses.SoftmaxCrossEntropyJagged(new Unpack<double>(p).Next(scores), labels), Pack.Of(scores), value, Pack.Of(g));
    }

    /// <summary>The CS231n loop (continue on the label, if margin &gt; 0), at batches with margins on both sides of the hinge.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void MulticlassSvm(int seed)
    {
        var (w, x, labels) = SvmBatch(seed);
        double[][] gw = RandomPoints.ZerosLike(w);
        double value = ArraysLosses.MulticlassSvmGradient(w, x, labels, 0.05, gw);
        GradientAssert.Matches(p => ArraysLosses.MulticlassSvm(new Unpack<double>(p).Next(w), x, labels, 0.05), Pack.Of(w), value, Pack.Of(gw));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void MulticlassSvmMax(int seed)
    {
        var (w, x, labels) = SvmBatch(seed);
        double[][] gw = RandomPoints.ZerosLike(w);
        double value = ArraysLosses.MulticlassSvmMaxGradient(w, x, labels, 0.05, gw);
        GradientAssert.Matches(p => ArraysLosses.MulticlassSvmMax(new Unpack<double>(p).Next(w), x, labels, 0.05), Pack.Of(w), value, Pack.Of(gw));
    }

    /// <summary>Logits of both signs in every batch (the two stable arms).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LogisticRegression(int seed)
    {
        const int dims = 3, batch = 6;
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, dims, -1, 1);
        double bias = random.NextDouble() - 0.5;
        double[] features = RandomPoints.Uniform(random, batch * dims, -2, 2);
        int[] labels = RandomPoints.Indices(random, batch, 2);
        double[] logits = Enumerable.Range(0, batch).Select(n => bias + Enumerable.Range(0, dims).Sum(j => w[j] * features[(n * dims) + j])).ToArray();
        Assert.Contains(logits, z => z > 0);
        Assert.Contains(logits, z => z < 0);
        double[] gw = new double[w.Length];
        double value = ArraysLosses.LogisticRegressionGradient(w, bias, features, labels, gw, out double gb);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArraysLosses.LogisticRegression(u.Next(w), u.Scalar(), features, labels); },
            Pack.Of(w, bias), value, Pack.Of(gw, gb));
    }

    /// <summary>δ = 0.5 or 1.5 puts residuals on both the quadratic and linear arms; δ = 100 keeps them all quadratic.</summary>
    [Theory]
    [InlineData(1, 0.5, true)]
    [InlineData(2, 1.5, true)]
    [InlineData(3, 100.0, false)]
    public void HuberRegression(int seed, double delta, bool bothArms)
    {
        const int dims = 3, batch = 6;
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, dims, -1, 1);
        double[] features = RandomPoints.Uniform(random, batch * dims, -2, 2);
        double[] targets = RandomPoints.Uniform(random, batch, -2, 2);
        double[] residuals = Enumerable.Range(0, batch).Select(n => Enumerable.Range(0, dims).Sum(j => w[j] * features[(n * dims) + j]) - targets[n]).ToArray();
        Assert.Equal(bothArms, residuals.Any(r => Math.Abs(r) > delta));
        Assert.Contains(residuals, r => Math.Abs(r) < delta);
        double[] g = new double[w.Length];
        double value = ArraysLosses.HuberRegressionGradient(w, features, targets, delta, g);
        GradientAssert.Matches(p => ArraysLosses.HuberRegression(p, features, targets, delta), w, value, g);
    }

    /// <summary>4 classes, 3 features, 5 examples; margins on both sides of the hinge and none within 0.01 of it.</summary>
    private static (double[][] W, double[][] X, int[] Labels) SvmBatch(int seed)
    {
        const int classes = 4, dims = 3, batch = 5;
        var random = new Random(seed);
        double[][] w = RandomPoints.Uniform(random, classes, dims, -1, 1);
        double[][] x = RandomPoints.Uniform(random, batch, dims, -1, 1);
        int[] labels = RandomPoints.Indices(random, batch, classes);
        double[] margins = (from n in Enumerable.Range(0, batch)
                            from c in Enumerable.Range(0, classes)
                            where c != labels[n]
                            select Score(c, n) - Score(labels[n], n) + 1).ToArray();
        Assert.Contains(margins, m => m > 0);
        Assert.Contains(margins, m => m < 0);
        Assert.DoesNotContain(margins, m => Math.Abs(m) < 0.01);
        return (w, x, labels);

        double Score(int c, int n) => w[c].Zip(x[n], (a, b) => a * b).Sum();
    }
}
