using System;
using AutoGradGen.Tests.Corpus;

namespace AutoGradGen.Tests;

/// <summary>
/// The Pullback members called directly: with seed 2.5 and adjoints that already hold values, each
/// adjoint must end up as its old value plus 2.5 times the gradient from the Gradient member.
/// </summary>
public class PullbackTests
{
    private const double Seed = 2.5;
    private const double StartX = 0.75;
    private const double StartY = -1.25;

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-1.1, 3.2)]
    public void Overwrites(double x, double y)
    {
        Arithmetic.OverwritesGradient(x, y, out double dx, out double dy);
        double ax = StartX, ay = StartY;
        Arithmetic.OverwritesPullback(x, y, Seed, ref ax, ref ay);
        AssertAccumulated(StartX, dx, ax);
        AssertAccumulated(StartY, dy, ay);
    }

    [Theory]
    [InlineData(0.7, -1.3, 2, 0.5)]
    [InlineData(2.5, 0.4, -3, -1.5)]
    public void NoDiffAndIntParameters(double x, double y, int n, double c)
    {
        Arithmetic.NoDiffParameterGradient(x, y, n, c, out double dx, out double dy);
        double ax = StartX, ay = StartY;
        Arithmetic.NoDiffParameterPullback(x, y, n, c, Seed, ref ax, ref ay);
        AssertAccumulated(StartX, dx, ax);
        AssertAccumulated(StartY, dy, ay);
    }

    [Theory]
    [InlineData(1.2, 0.5)]
    [InlineData(1.2, -0.5)]
    [InlineData(-0.7, -1.5)]
    [InlineData(-0.7, 0.5)]
    public void EarlyReturnOrFallThrough(double x, double y)
    {
        Branches.EarlyReturnOrFallThroughGradient(x, y, out double dx, out double dy);
        double ax = StartX, ay = StartY;
        Branches.EarlyReturnOrFallThroughPullback(x, y, Seed, ref ax, ref ay);
        AssertAccumulated(StartX, dx, ax);
        AssertAccumulated(StartY, dy, ay);
    }

    [Theory]
    [InlineData(0.5, 1.2)]
    [InlineData(2.5, 0.6)]
    [InlineData(-0.8, 0.9)]
    public void PiecewiseLinear(double x, double y)
    {
        MathFunctions.PiecewiseLinearGradient(x, y, out double dx, out double dy);
        double ax = StartX, ay = StartY;
        MathFunctions.PiecewiseLinearPullback(x, y, Seed, ref ax, ref ay);
        AssertAccumulated(StartX, dx, ax);
        AssertAccumulated(StartY, dy, ay);
    }

    [Theory]
    [InlineData(0.3, 0.8)]
    [InlineData(1.2, -0.4)]
    public void NestedCalls(double x, double y)
    {
        Calls.OuterGradient(x, y, out double dx, out double dy);
        double ax = StartX, ay = StartY;
        Calls.OuterPullback(x, y, Seed, ref ax, ref ay);
        AssertAccumulated(StartX, dx, ax);
        AssertAccumulated(StartY, dy, ay);
    }

    [Theory]
    [InlineData(-1.4)]
    [InlineData(2.2)]
    public void SameVariableTwice(double x)
    {
        Calls.SameVariableTwiceGradient(x, out double dx);
        double ax = StartX;
        Calls.SameVariableTwicePullback(x, Seed, ref ax);
        AssertAccumulated(StartX, dx, ax);
    }

    /// <summary>Passing one adjoint variable for both parameters must accumulate both contributions.</summary>
    [Theory]
    [InlineData(-1.4)]
    [InlineData(2.2)]
    public void SharedAdjointForBothParameters(double x)
    {
        Calls.BlendGradient(x, x, out double da, out double db);
        double shared = StartX;
        Calls.BlendPullback(x, x, Seed, ref shared, ref shared);
        AssertAccumulated(StartX, da + db, shared);
    }

    [Theory]
    [InlineData(0.3, 0.8)]
    [InlineData(2.5, -3.0)]
    public void OtherType(double x, double y)
    {
        Calls.OtherTypeGradient(x, y, out double dx, out double dy);
        double ax = StartX, ay = StartY;
        Calls.OtherTypePullback(x, y, Seed, ref ax, ref ay);
        AssertAccumulated(StartX, dx, ax);
        AssertAccumulated(StartY, dy, ay);
    }

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(-1.3, 4)]
    public void Recursion(double x, int depth)
    {
        Calls.GeometricSeriesGradient(x, depth, out double dx);
        double ax = StartX;
        Calls.GeometricSeriesPullback(x, depth, Seed, ref ax);
        AssertAccumulated(StartX, dx, ax);
    }

    [Theory]
    [InlineData(0.5, 0.2, 1.0)]
    [InlineData(3.0, 0.5, 1.0)]
    [InlineData(-2.0, 0.5, 1.0)]
    public void Huber(double prediction, double target, double delta)
    {
        Losses.HuberGradient(prediction, target, delta, out double dp, out double dt);
        double ap = StartX, at = StartY;
        Losses.HuberPullback(prediction, target, delta, Seed, ref ap, ref at);
        AssertAccumulated(StartX, dp, ap);
        AssertAccumulated(StartY, dt, at);
    }

    [Theory]
    [InlineData(1.0, 0.5, -0.3, 0)]
    [InlineData(0.4, 0.4, -1.0, 2)]
    public void SoftmaxCrossEntropy3(double s0, double s1, double s2, int label)
    {
        Losses.SoftmaxCrossEntropy3Gradient(s0, s1, s2, label, out double d0, out double d1, out double d2);
        double a0 = StartX, a1 = StartY, a2 = 0.5;
        Losses.SoftmaxCrossEntropy3Pullback(s0, s1, s2, label, Seed, ref a0, ref a1, ref a2);
        AssertAccumulated(StartX, d0, a0);
        AssertAccumulated(StartY, d1, a1);
        AssertAccumulated(0.5, d2, a2);
    }

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-1.2f, 0.3f)]
    public void FloatPolynomial(float x, float y)
    {
        FloatFunctions.PolynomialGradient(x, y, out float dx, out float dy);
        float ax = 0.75f, ay = -1.25f;
        FloatFunctions.PolynomialPullback(x, y, 2.5f, ref ax, ref ay);
        Assert.Equal(0.75f + (2.5f * dx), ax, 1e-5f);
        Assert.Equal(-1.25f + (2.5f * dy), ay, 1e-5f);
    }

    private static void AssertAccumulated(double start, double gradient, double actual)
    {
        double expected = start + (Seed * gradient);
        Assert.True(
            Math.Abs(actual - expected) <= 1e-12 * Math.Max(1.0, Math.Abs(expected)),
            $"adjoint {actual:R}, expected {start:R} + {Seed} × {gradient:R} = {expected:R}");
    }
}
