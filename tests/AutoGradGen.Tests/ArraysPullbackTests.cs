using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Pullback members of array methods: with seed 2.5 and adjoint buffers that already hold values,
/// each adjoint must end up as its old value plus 2.5 times the gradient; and argument checks.
/// </summary>
public class ArraysPullbackTests
{
    private const double Seed = 2.5;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ScatterGather(int seed)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 6, -1, 1);
        int[] scatter = RandomPoints.Indices(random, 6, 3);
        int[] gather = RandomPoints.Indices(random, 8, 3);
        double[] g = new double[x.Length];
        ArraysBasics.ScatterGatherGradient(x, scatter, gather, 3, g);
        double[] start = RandomPoints.Uniform(random, x.Length, -1, 1);
        double[] adjoint = (double[])start.Clone();
        ArraysBasics.ScatterGatherPullback(x, scatter, gather, 3, Seed, adjoint);
        AssertAccumulated(start, g, adjoint);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LogisticRegressionArrayAndScalar(int seed)
    {
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, 3, -1, 1);
        double bias = random.NextDouble() - 0.5;
        double[] features = RandomPoints.Uniform(random, 18, -2, 2);
        int[] labels = RandomPoints.Indices(random, 6, 2);
        double[] gw = new double[w.Length];
        ArraysLosses.LogisticRegressionGradient(w, bias, features, labels, gw, out double gb);
        double[] start = RandomPoints.Uniform(random, w.Length, -1, 1);
        double[] adjoint = (double[])start.Clone();
        double biasAdjoint = -0.75;
        ArraysLosses.LogisticRegressionPullback(w, bias, features, labels, Seed, adjoint, ref biasAdjoint);
        AssertAccumulated(start, gw, adjoint);
        AssertAccumulated(new[] { -0.75 }, new[] { gb }, new[] { biasAdjoint });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void KMeansJagged(int seed)
    {
        var random = new Random(seed);
        double[][] points = RandomPoints.Uniform(random, 5, 2, -2, 2);
        double[][] centers = RandomPoints.Uniform(random, 3, 2, -1, 1);
        double[][] gp = RandomPoints.ZerosLike(points), gc = RandomPoints.ZerosLike(centers);
        ArraysModels.KMeansCostGradient(points, centers, gp, gc);
        double[][] startP = RandomPoints.Uniform(random, 5, 2, -1, 1), startC = RandomPoints.Uniform(random, 3, 2, -1, 1);
        double[][] ap = Array.ConvertAll(startP, r => (double[])r.Clone()), ac = Array.ConvertAll(startC, r => (double[])r.Clone());
        ArraysModels.KMeansCostPullback(points, centers, Seed, ap, ac);
        AssertAccumulated(Pack.Of(startP, startC), Pack.Of(gp, gc), Pack.Of(ap, ac));
    }

    [Fact]
    public void LstmObjective()
    {
        var random = new Random(7);
        double[] main = RandomPoints.Uniform(random, 2 * 8 * 3, -1, 1);
        double[] extra = RandomPoints.Uniform(random, 9, -1, 1);
        double[] state = RandomPoints.Uniform(random, 12, -0.5, 0.5);
        double[] sequence = RandomPoints.Uniform(random, 12, -1, 1);
        double[] gMain = new double[main.Length], gExtra = new double[extra.Length];
        ArraysModels.LstmObjectiveGradient(main, extra, state, sequence, 2, gMain, gExtra);
        double[] startMain = RandomPoints.Uniform(random, main.Length, -1, 1), startExtra = RandomPoints.Uniform(random, extra.Length, -1, 1);
        double[] aMain = (double[])startMain.Clone(), aExtra = (double[])startExtra.Clone();
        ArraysModels.LstmObjectivePullback(main, extra, state, sequence, 2, Seed, aMain, aExtra);
        AssertAccumulated(startMain, gMain, aMain);
        AssertAccumulated(startExtra, gExtra, aExtra);
    }

    /// <summary>A Span parameter and a slice-calling method, through Pullback.</summary>
    [Fact]
    public void SlidingVariance()
    {
        double[] x = RandomPoints.Uniform(new Random(3), 6, -2, 2);
        double[] g = new double[x.Length];
        ArraysCalls.SlidingVarianceGradient(x, 3, g);
        double[] start = RandomPoints.Uniform(new Random(4), x.Length, -1, 1);
        double[] adjoint = (double[])start.Clone();
        ArraysCalls.SlidingVariancePullback(x, 3, Seed, adjoint);
        AssertAccumulated(start, g, adjoint);
    }

    [Fact]
    public void FloatRk4()
    {
        float[] initial = { 0.6f, -0.3f };
        float[] gi = new float[2];
        ArraysFloat.DampedOscillatorRk4Gradient(1.3f, 0.2f, initial, 0.05f, 20, out float gOmega, out float gGamma, gi);
        float aOmega = 0.5f, aGamma = -0.25f;
        float[] ai = { 1f, -2f };
        ArraysFloat.DampedOscillatorRk4Pullback(1.3f, 0.2f, initial, 0.05f, 20, 2.5f, ref aOmega, ref aGamma, ai);
        float[] expected = { 0.5f + (2.5f * gOmega), -0.25f + (2.5f * gGamma), 1f + (2.5f * gi[0]), -2f + (2.5f * gi[1]) };
        float[] actual = { aOmega, aGamma, ai[0], ai[1] };
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f * MathF.Max(1, MathF.Abs(expected[i])), $"adjoint {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>A Gradient overwrites gradient buffers that already hold values (span and jagged buffers).</summary>
    [Fact]
    public void GradientOverwritesPrefilledBuffers()
    {
        var random = new Random(5);
        double[][] points = RandomPoints.Uniform(random, 5, 2, -2, 2);
        double[][] centers = RandomPoints.Uniform(random, 3, 2, -1, 1);
        double[][] gp = RandomPoints.ZerosLike(points), gc = RandomPoints.ZerosLike(centers);
        double expected = ArraysModels.KMeansCostGradient(points, centers, gp, gc);
        double[][] dirtyP = RandomPoints.Uniform(random, 5, 2, 5, 9), dirtyC = RandomPoints.Uniform(random, 3, 2, 5, 9);
        double value = ArraysModels.KMeansCostGradient(points, centers, dirtyP, dirtyC);
        Assert.Equal(expected, value);
        Assert.Equal(Pack.Of(gp, gc), Pack.Of(dirtyP, dirtyC));

        double[] x = RandomPoints.Uniform(random, 6, -1, 1);
        double[] clean = new double[x.Length], dirty = RandomPoints.Uniform(random, x.Length, 5, 9);
        ArraysCalls.SlidingVarianceGradient(x, 3, clean);
        ArraysCalls.SlidingVarianceGradient(x, 3, dirty);
        Assert.Equal(clean, dirty);
    }

    /// <summary>A Gradient with a gradient buffer of the wrong length throws, naming the buffer.</summary>
    [Fact]
    public void WrongGradientLengthThrows()
    {
        double[] w = { 0.1, 0.2, 0.3 }, x = { 1, 2, 3, 4 }, y = { 0, 1, 0, 1 };
        var exception = Assert.Throws<ArgumentException>(
            () => ArraysLosses.PolynomialLeastSquaresGradient(w, x, y, new double[3], new double[3], new double[4]));
        Assert.Contains("xGrad", exception.Message);
        Assert.Equal("xGrad", exception.ParamName);

        var pullback = Assert.Throws<ArgumentException>(
            () => ArraysLosses.PolynomialLeastSquaresPullback(w, x, y, 1.0, new double[3], new double[4], new double[5]));
        Assert.Contains("yAdjoint", pullback.Message);
    }

    /// <summary>A jagged gradient with a short row throws, naming the row.</summary>
    [Fact]
    public void WrongJaggedRowLengthThrows()
    {
        double[][] points = { new[] { 0.1, 0.2 }, new[] { 1.0, 0.8 } };
        double[][] centers = { new[] { 0.0, 0.0 }, new[] { 1.2, 1.0 } };
        double[][] gp = { new double[2], new double[2] };
        double[][] gc = { new double[2], new double[1] };
        var exception = Assert.Throws<ArgumentException>(() => ArraysModels.KMeansCostGradient(points, centers, gp, gc));
        Assert.Contains("centersGrad[1]", exception.Message);
    }

    private static void AssertAccumulated(double[] start, double[] gradient, double[] adjoint)
    {
        for (int i = 0; i < start.Length; i++)
        {
            double expected = start[i] + (Seed * gradient[i]);
            Assert.True(
                Math.Abs(expected - adjoint[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
                $"adjoint[{i}]: expected {expected:R} (start {start[i]:R} + {Seed} × gradient {gradient[i]:R}), got {adjoint[i]:R}");
        }
    }
}
