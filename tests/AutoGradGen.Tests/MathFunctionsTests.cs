using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class MathFunctionsTests
{
    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.0, 5.0)]
    public void ExpAndLogs(double x, double y)
    {
        double value = MathFunctions.ExpAndLogsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.ExpAndLogs(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(2.5, 3.0)]
    [InlineData(0.4, 0.5)]
    [InlineData(7.0, 10.0)]
    public void LogWithBase(double a, double b)
    {
        double value = MathFunctions.LogWithBaseGradient(a, b, out double da, out double db);
        GradientAssert.Matches(p => MathFunctions.LogWithBase(p[0], p[1]), new[] { a, b }, value, da, db);
    }

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(0.3, -0.7)]
    [InlineData(4.0, -8.0)]
    public void Roots(double x, double y)
    {
        double value = MathFunctions.RootsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.Roots(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.3)]
    [InlineData(3.0)]
    public void PowConstantExponents(double x)
    {
        double value = MathFunctions.PowConstantExponentsGradient(x, out double dx);
        GradientAssert.Matches(p => MathFunctions.PowConstantExponents(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(1.5, 0.7)]
    [InlineData(0.6, 2.3)]
    [InlineData(2.0, 1.5)]
    public void PowVariableExponent(double x, double y)
    {
        double value = MathFunctions.PowVariableExponentGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.PowVariableExponent(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.5, 2.5)]
    [InlineData(0.7, -1.5)]
    [InlineData(2.0, 0.0)]
    [InlineData(-1.3, 3.0)]
    public void PowMixedConstants(double x, double exponent)
    {
        double value = MathFunctions.PowMixedConstantsGradient(x, exponent, out double dx);
        GradientAssert.Matches(p => MathFunctions.PowMixedConstants(p[0], exponent), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.3, 0.5)]
    [InlineData(-1.1, 0.8)]
    [InlineData(2.0, 0.4)]
    public void Trigonometric(double x, double y)
    {
        double value = MathFunctions.TrigonometricGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.Trigonometric(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.3, -0.4)]
    [InlineData(-0.6, 0.7)]
    [InlineData(0.9, 0.1)]
    public void InverseTrigonometric(double x, double y)
    {
        double value = MathFunctions.InverseTrigonometricGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.InverseTrigonometric(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(1.0, -2.0)]
    [InlineData(-1.0, -2.0)]
    [InlineData(-1.0, 2.0)]
    public void Atan2(double y, double x)
    {
        double value = MathFunctions.Atan2Gradient(y, x, out double dy, out double dx);
        GradientAssert.Matches(p => MathFunctions.Atan2(p[0], p[1]), new[] { y, x }, value, dy, dx);
    }

    [Theory]
    [InlineData(0.5, -0.3)]
    [InlineData(-1.5, 1.2)]
    [InlineData(2.0, 0.0)]
    public void Hyperbolic(double x, double y)
    {
        double value = MathFunctions.HyperbolicGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.Hyperbolic(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.2, 1.1)]
    public void InverseHyperbolic(double x, double y)
    {
        double value = MathFunctions.InverseHyperbolicGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.InverseHyperbolic(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    /// <summary>Points on both sides of every kink: x ≷ 0, x ≷ y, 2x ≷ y², and x below, inside and above [y − 1, y + 1].</summary>
    [Theory]
    [InlineData(0.5, 1.2)]
    [InlineData(-0.8, 0.9)]
    [InlineData(2.5, 0.6)]
    [InlineData(-0.3, -0.5)]
    [InlineData(1.5, -2.0)]
    public void PiecewiseLinear(double x, double y)
    {
        double value = MathFunctions.PiecewiseLinearGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.PiecewiseLinear(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5, 1.2)]
    [InlineData(-1.5, 0.3)]
    [InlineData(2.0, -2.0)]
    public void FusedMultiplyAddAndHypot(double x, double y)
    {
        double value = MathFunctions.FusedMultiplyAddAndHypotGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.FusedMultiplyAddAndHypot(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(-0.8, 0.6)]
    [InlineData(0.9, -2.0)]
    [InlineData(-2.2, -0.9)]
    public void CopySignAndRemainder(double x, double y)
    {
        double value = MathFunctions.CopySignAndRemainderGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.CopySignAndRemainder(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7, 3)]
    [InlineData(-1.5, -2)]
    [InlineData(2.0, 0)]
    public void ScaleB(double x, int n)
    {
        double value = MathFunctions.ScaleBGradient(x, n, out double dx);
        GradientAssert.Matches(p => MathFunctions.ScaleB(p[0], n), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 2.6)]
    [InlineData(2.3, -0.4)]
    [InlineData(-0.2, -1.7)]
    public void PiecewiseConstant(double x, double y)
    {
        double value = MathFunctions.PiecewiseConstantGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => MathFunctions.PiecewiseConstant(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Fact]
    public void PiecewiseConstantHasTheDocumentedGradient()
    {
        // f = x·floor(y) + round(x) + ceiling(x)·y + truncate(y)·sign(x)·x
        MathFunctions.PiecewiseConstantGradient(0.7, 1.3, out double dx, out double dy);
        Assert.Equal(1.0 + 1.0, dx);
        Assert.Equal(1.0, dy);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.8)]
    public void Abs(double x)
    {
        double value = MathFunctions.AbsGradient(x, out double dx);
        GradientAssert.Matches(p => MathFunctions.Abs(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    public void Max(double a, double b)
    {
        double value = MathFunctions.MaxGradient(a, b, out double da, out double db);
        GradientAssert.Matches(p => MathFunctions.Max(p[0], p[1]), new[] { a, b }, value, da, db);
    }

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    public void Min(double a, double b)
    {
        double value = MathFunctions.MinGradient(a, b, out double da, out double db);
        GradientAssert.Matches(p => MathFunctions.Min(p[0], p[1]), new[] { a, b }, value, da, db);
    }

    [Theory]
    [InlineData(-2.0, -1.0, 1.0)]
    [InlineData(0.3, -1.0, 1.0)]
    [InlineData(2.0, -1.0, 1.0)]
    public void Clamp(double v, double low, double high)
    {
        double value = MathFunctions.ClampGradient(v, low, high, out double dv, out double dlow, out double dhigh);
        GradientAssert.Matches(p => MathFunctions.Clamp(p[0], p[1], p[2]), new[] { v, low, high }, value, dv, dlow, dhigh);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.5)]
    public void SameArgumentTwice(double x)
    {
        double value = MathFunctions.SameArgumentTwiceGradient(x, out double dx);
        GradientAssert.Matches(p => MathFunctions.SameArgumentTwice(p[0]), new[] { x }, value, dx);
    }

    /// <summary>Points away from the rounding jumps (x·10 and x not near a half).</summary>
    [Theory]
    [InlineData(0.123, 3)]
    [InlineData(-0.7, -2)]
    public void IntOverloadsAndRoundingModes(double x, int n)
    {
        double value = MathFunctions.IntOverloadsAndRoundingModesGradient(x, n, out double dx);
        GradientAssert.Matches(p => MathFunctions.IntOverloadsAndRoundingModes(p[0], n), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.7)]
    public void PowNegativeBase(double x)
    {
        double value = MathFunctions.PowNegativeBaseGradient(x, out double dx);
        GradientAssert.Matches(p => MathFunctions.PowNegativeBase(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.7)]
    public void PowZeroAndOneExponents(double x)
    {
        double value = MathFunctions.PowZeroAndOneExponentsGradient(x, out double dx);
        GradientAssert.Matches(p => MathFunctions.PowZeroAndOneExponents(p[0]), new[] { x }, value, dx);
    }
}
