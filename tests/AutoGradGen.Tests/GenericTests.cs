using System;
using System.Linq;
using AutoGradGen.Tapes;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Gradients of the generic methods of <see cref="Generic"/> instantiated at T = double, checked against
/// central differences at double tolerance; the generic kernel's pullback; pullback accumulation; and a
/// differential check of the generic log-sum-exp against the non-generic one.
/// </summary>
public class GenericTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 3.0)]
    [InlineData(3, 800.0)]
    public void LogSumExp(int seed, double scale)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 5, -scale, scale);
        double[] g = new double[x.Length];
        double value = Generic.LogSumExpGradient<double>(x, g);
        Assert.True(double.IsFinite(value));
        GradientAssert.Matches(p => Generic.LogSumExp<double>(p), x, value, g);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(5.0)]
    public void Sigmoid(double z)
    {
        double value = Generic.SigmoidGradient<double>(z, out double g);
        GradientAssert.Matches(p => Generic.Sigmoid<double>(p[0]), new[] { z }, value, g);
    }

    /// <summary>The gradient with respect to the weights and to the L2 coefficient; features and labels are [NoDiff].</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Logistic(int seed)
    {
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, 3, -1, 1);
        double[][] features = RandomPoints.Uniform(random, 6, 3, -2, 2);
        int[] labels = LogisticLabels(random, features.Length);
        double lambda = 0.1 + (0.4 * random.NextDouble());
        double[] gw = new double[w.Length];
        double value = Generic.LogisticGradient<double>(w, features, labels, lambda, gw, out double gLambda);
        Assert.NotEqual(0.0, gLambda); // ½‖w‖², not zero at a random w
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return Generic.Logistic<double>(u.Next(w), features, labels, u.Scalar()); },
            Pack.Of(w, lambda), value, Pack.Of(gw, gLambda));
    }

    /// <summary>
    /// Points with v = a·xᵢ on both sides of the v &gt; 0 branch, away from the kinks of T.Abs and the
    /// branch (|v| ≥ 0.05) and from the jumps of T.Ieee754Remainder(v, 0.75) (v / 0.75 at least 0.05 from a half-integer).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Mixed(int seed)
    {
        (double[] x, double a) = MixedPoint(new Random(seed));
        double[] v = x.Select(xi => xi * a).ToArray();
        Assert.Contains(v, vi => vi > 0);
        Assert.Contains(v, vi => vi < 0);
        Assert.DoesNotContain(v, vi => Math.Abs(vi) < 0.05);
        Assert.DoesNotContain(v, vi => !AwayFromRemainderJump(vi));
        double[] gx = new double[x.Length];
        double value = Generic.MixedGradient<double>(x, a, gx, out double ga);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return Generic.Mixed<double>(u.Next(x), u.Scalar()); },
            Pack.Of(x, a), value, Pack.Of(gx, ga));
    }

    /// <summary>The generic kernel called on a local array inside a generic caller, chained through its generic pullback.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TanhAffineSquaredNorm(int seed)
    {
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, 3 * 4, -1, 1);
        double[] b = RandomPoints.Uniform(random, 3, -0.5, 0.5);
        double[] x = RandomPoints.Uniform(random, 4, -1, 1);
        double[] gw = new double[w.Length], gb = new double[b.Length], gx = new double[x.Length];
        double value = Generic.TanhAffineSquaredNormGradient<double>(w, b, x, gw, gb, gx);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return Generic.TanhAffineSquaredNorm<double>(u.Next(w), u.Next(b), u.Next(x)); },
            Pack.Of(w, b, x), value, Pack.Of(gw, gb, gx));
    }

    /// <summary>A double method calling LogSumExp&lt;double&gt; (explicit) and Sigmoid (inferred).</summary>
    [Theory]
    [InlineData(1, 0.8)]
    [InlineData(2, -1.3)]
    [InlineData(3, 2.1)]
    public void DoubleCaller(int seed, double scale)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 5, -2, 2);
        double[] gx = new double[x.Length];
        double value = Generic.DoubleCallerGradient(x, scale, gx, out double gScale);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return Generic.DoubleCaller(u.Next(x), u.Scalar()); },
            Pack.Of(x, scale), value, Pack.Of(gx, gScale));
    }

    /// <summary>
    /// For a random output adjoint ū, the kernel's input adjoints must be the gradient of Σᵢ ūᵢ·yᵢ(w, b, x);
    /// the pullback re-runs the forward computation into y and leaves the pure output's adjoint zero.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TanhAffine_pullback_is_the_transposed_Jacobian_times_the_output_adjoint(int seed)
    {
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, 3 * 4, -1, 1);
        double[] b = RandomPoints.Uniform(random, 3, -0.5, 0.5);
        double[] x = RandomPoints.Uniform(random, 4, -1, 1);
        double[] ybar = RandomPoints.Uniform(random, 3, -1, 1);
        double Scalar(double[] p)
        {
            var u = new Unpack<double>(p);
            var y = new double[ybar.Length];
            Generic.TanhAffine<double>(u.Next(w), u.Next(b), u.Next(x), y);
            return Dot(y, ybar);
        }

        double[] wbar = new double[w.Length], bbar = new double[b.Length], xbar = new double[x.Length];
        double[] yOut = new double[3];
        double[] yAdjoint = (double[])ybar.Clone();
        Generic.TanhAffinePullback<double>(w, b, x, yOut, wbar, bbar, xbar, yAdjoint);
        double[] point = Pack.Of(w, b, x);
        GradientAssert.Matches(Scalar, point, Scalar(point), Pack.Of(wbar, bbar, xbar));

        var expectedY = new double[3];
        Generic.TanhAffine<double>(w, b, x, expectedY);
        Assert.Equal(expectedY, yOut); // the forward computation ran again and wrote y
        Assert.All(yAdjoint, v => Assert.Equal(0.0, v)); // a pure output: its old value did not matter
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void TanhAffine_pullback_accumulates_into_the_input_adjoints(int seed)
    {
        var random = new Random(seed);
        double[] w = RandomPoints.Uniform(random, 2 * 3, -1, 1);
        double[] b = RandomPoints.Uniform(random, 2, -0.5, 0.5);
        double[] x = RandomPoints.Uniform(random, 3, -1, 1);
        double[] ybar = RandomPoints.Uniform(random, 2, -1, 1);

        double[] wFresh = new double[w.Length], bFresh = new double[b.Length], xFresh = new double[x.Length];
        Generic.TanhAffinePullback<double>(w, b, x, new double[2], wFresh, bFresh, xFresh, (double[])ybar.Clone());

        double[] wStart = RandomPoints.Uniform(random, w.Length, -2, 2);
        double[] bStart = RandomPoints.Uniform(random, b.Length, -2, 2);
        double[] xStart = RandomPoints.Uniform(random, x.Length, -2, 2);
        double[] wbar = (double[])wStart.Clone(), bbar = (double[])bStart.Clone(), xbar = (double[])xStart.Clone();
        Generic.TanhAffinePullback<double>(w, b, x, new double[2], wbar, bbar, xbar, (double[])ybar.Clone());

        AssertAccumulated(Pack.Of(wStart, bStart, xStart), 1.0, Pack.Of(wFresh, bFresh, xFresh), Pack.Of(wbar, bbar, xbar));
    }

    /// <summary>LogSumExpPullback&lt;double&gt; with seed s adds s times LogSumExpGradient's gradient into the adjoint.</summary>
    [Theory]
    [InlineData(1, 2.5)]
    [InlineData(2, -0.75)]
    public void LogSumExp_pullback_adds_seed_times_the_gradient(int seed, double s)
    {
        var random = new Random(seed);
        double[] x = RandomPoints.Uniform(random, 6, -2, 2);
        double[] g = new double[x.Length];
        Generic.LogSumExpGradient<double>(x, g);
        double[] start = RandomPoints.Uniform(random, x.Length, -1, 1);
        double[] adjoint = (double[])start.Clone();
        Generic.LogSumExpPullback<double>(x, s, adjoint);
        AssertAccumulated(start, s, g, adjoint);
    }

    /// <summary>
    /// At T = double the generic log-sum-exp is the same formula as the non-generic
    /// <see cref="ArraysCalls.LogSumExp"/> (Math.Max, Math.Exp, Math.Log): value and gradient agree to 1e-14,
    /// and the gradient is the softmax exp(xᵢ − lse).
    /// </summary>
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 4.0)]
    [InlineData(3, 800.0)]
    public void LogSumExp_at_double_matches_the_non_generic_one(int seed, double scale)
    {
        double[] x = RandomPoints.Uniform(new Random(seed), 7, -scale, scale);
        double[] generic = new double[x.Length], plain = new double[x.Length];
        double genericValue = Generic.LogSumExpGradient<double>(x, generic);
        double plainValue = ArraysCalls.LogSumExpGradient(x, plain);

        AssertClose(ArraysCalls.LogSumExp(x), Generic.LogSumExp<double>(x), 1e-14, "value");
        AssertClose(plainValue, genericValue, 1e-14, "gradient method's value");
        AssertClose(genericValue, Generic.LogSumExp<double>(x), 1e-14, "gradient method's value against the function");
        for (int i = 0; i < x.Length; i++)
        {
            AssertClose(plain[i], generic[i], 1e-14, $"d/dx[{i}]");
        }

        // Closed form: softmax. The gradient sums to one.
        double lse = Generic.LogSumExp<double>(x);
        for (int i = 0; i < x.Length; i++)
        {
            double softmax = Math.Exp(x[i] - lse);
            Assert.True(
                Math.Abs(generic[i] - softmax) <= (1e-13 * softmax) + 1e-300, // the absolute term only matters for subnormal softmax values
                $"d/dx[{i}]: generated {generic[i]:R}, softmax {softmax:R}");
        }

        Assert.Equal(1.0, generic.Sum(), 12);
    }

    internal static int[] LogisticLabels(Random random, int count)
    {
        int[] labels = RandomPoints.Indices(random, count, 2);
        labels[0] = 0; // both classes, so both branches of the loss run
        labels[1] = 1;
        return labels;
    }

    private static (double[] X, double A) MixedPoint(Random random)
    {
        while (true)
        {
            double[] x = RandomPoints.Uniform(random, 6, -2, 2);
            double a = 0.5 + random.NextDouble();
            double[] v = x.Select(xi => xi * a).ToArray();
            if (v.Any(vi => vi > 0) && v.Any(vi => vi < 0)
                && v.All(vi => Math.Abs(vi) >= 0.05 && AwayFromRemainderJump(vi)))
            {
                return (x, a);
            }
        }
    }

    /// <summary>Ieee754Remainder(v, 0.75) jumps where v / 0.75 is a half-integer.</summary>
    private static bool AwayFromRemainderJump(double v)
    {
        double r = v / 0.75;
        return Math.Abs(r - (Math.Floor(r) + 0.5)) >= 0.05;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static void AssertAccumulated(double[] start, double seed, double[] gradient, double[] adjoint)
    {
        Assert.Equal(start.Length, adjoint.Length);
        for (int i = 0; i < start.Length; i++)
        {
            double expected = start[i] + (seed * gradient[i]);
            Assert.True(
                Math.Abs(expected - adjoint[i]) <= 1e-13 * Math.Max(1, Math.Abs(expected)),
                $"adjoint[{i}]: expected {expected:R} (start {start[i]:R} + {seed} × gradient {gradient[i]:R}), got {adjoint[i]:R}");
        }
    }

    private static void AssertClose(double expected, double actual, double relative, string what)
        => Assert.True(
            Math.Abs(expected - actual) <= relative * Math.Abs(expected),
            $"{what}: generic {actual:R}, non-generic {expected:R}, difference {Math.Abs(expected - actual):E2}");
}

/// <summary>The generic methods instantiated at T = float, checked at float tolerance.</summary>
public class FloatGenericTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LogSumExp(int seed)
    {
        float[] x = RandomPoints.UniformFloats(new Random(seed), 5, -2, 2);
        float[] g = new float[x.Length];
        float value = Generic.LogSumExpGradient<float>(x, g);
        GradientAssert.Matches(p => Generic.LogSumExp<float>(p), x, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Logistic(int seed)
    {
        var random = new Random(seed);
        float[] w = RandomPoints.UniformFloats(random, 3, -1, 1);
        float[][] features = Enumerable.Range(0, 6).Select(_ => RandomPoints.UniformFloats(random, 3, -2, 2)).ToArray();
        int[] labels = GenericTests.LogisticLabels(random, features.Length);
        float lambda = 0.1f + (0.4f * (float)random.NextDouble());
        float[] gw = new float[w.Length];
        float value = Generic.LogisticGradient<float>(w, features, labels, lambda, gw, out float gLambda);
        GradientAssert.Matches(
            p => { var u = new Unpack<float>(p); return Generic.Logistic<float>(u.Next(w), features, labels, u.Scalar()); },
            Pack.OfFloats(w, lambda), value, Pack.OfFloats(gw, gLambda));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TanhAffineSquaredNorm(int seed)
    {
        var random = new Random(seed);
        float[] w = RandomPoints.UniformFloats(random, 3 * 4, -1, 1);
        float[] b = RandomPoints.UniformFloats(random, 3, -0.5f, 0.5f);
        float[] x = RandomPoints.UniformFloats(random, 4, -1, 1);
        float[] gw = new float[w.Length], gb = new float[b.Length], gx = new float[x.Length];
        float value = Generic.TanhAffineSquaredNormGradient<float>(w, b, x, gw, gb, gx);
        GradientAssert.Matches(
            p => { var u = new Unpack<float>(p); return Generic.TanhAffineSquaredNorm<float>(u.Next(w), u.Next(b), u.Next(x)); },
            Pack.OfFloats(w, b, x), value, Pack.OfFloats(gw, gb, gx));
    }

    [Theory]
    [InlineData(1, 0.8f)]
    [InlineData(2, -1.3f)]
    public void FloatCaller(int seed, float scale)
    {
        float[] x = RandomPoints.UniformFloats(new Random(seed), 5, -2, 2);
        float[] gx = new float[x.Length];
        float value = Generic.FloatCallerGradient(x, scale, gx, out float gScale);
        GradientAssert.Matches(
            p => { var u = new Unpack<float>(p); return Generic.FloatCaller(u.Next(x), u.Scalar()); },
            Pack.OfFloats(x, scale), value, Pack.OfFloats(gx, gScale));
    }
}

/// <summary>
/// The generic tape records its bytes with the size of T — the same saved count, 8 bytes each at
/// double, 4 at float — under one key per instantiation (<c>…LogSumExp&lt;double&gt;</c>).
/// </summary>
[Collection(SerialCollection.Name)]
public class TapeStatisticsGenericTests
{
    private const string Key = "AutoGradGen.Tests.Corpus.Generic.LogSumExp";

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    public void LogSumExp_records_bytes_by_the_size_of_T(int n)
    {
        double[] x = RandomPoints.Uniform(new Random(n), n, -2, 2);
        float[] xf = Array.ConvertAll(x, v => (float)v);
        TapeStatistics.IsEnabled = true;
        try
        {
            Generic.LogSumExpGradient<double>(x, new double[n]);
            long doubleBytes = RecordedBytes("<double>");
            Generic.LogSumExpGradient<float>(xf, new float[n]);
            long floatBytes = RecordedBytes("<float>");
            Assert.Equal(doubleBytes, RecordedBytes("<double>")); // one record per instantiation
            Generic.LogSumExpGradient<double>(x.Concat(x).ToArray(), new double[2 * n]);
            long doubleBytesTwiceAsLong = RecordedBytes("<double>");

            Assert.True(doubleBytes > 0, $"double: {doubleBytes} bytes");
            Assert.Equal(0, doubleBytes % sizeof(double));
            Assert.Equal(0, floatBytes % sizeof(float));
            long saved = doubleBytes / sizeof(double);
            Assert.Equal(saved * sizeof(float), floatBytes); // the same values saved, 4 bytes each
            Assert.True(saved >= n - 1, $"{saved} values saved for {n} inputs (the running max alone needs {n - 1})");
            Assert.True(doubleBytesTwiceAsLong > doubleBytes, $"{doubleBytesTwiceAsLong} bytes for {2 * n} values, {doubleBytes} for {n}");
            Assert.Null(TapeStatistics.Get(Key)); // nothing under the bare name
        }
        finally
        {
            TapeStatistics.IsEnabled = false;
        }
    }

    private static long RecordedBytes(string instantiation)
    {
        TapeRecord? record = TapeStatistics.Get(Key + instantiation);
        Assert.NotNull(record);
        return record.Value.LastBytes;
    }
}
