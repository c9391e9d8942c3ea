using AutoGradGen.Tests.Corpus;

namespace AutoGradGen.Tests;

/// <summary>
/// The documented derivative conventions at the kinks of Abs, Max, Min and Clamp, checked against
/// the exact values (central differences are meaningless there).
/// </summary>
public class KinkConventionTests
{
    [Fact]
    public void AbsHasZeroDerivativeAtZero()
    {
        foreach (double zero in new[] { 0.0, -0.0 })
        {
            double value = MathFunctions.AbsGradient(zero, out double dx);
            Assert.Equal(0.0, value);
            Assert.Equal(0.0, dx);
        }
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    public void MaxSplitsTheGradientAtATie(double tie)
    {
        double value = MathFunctions.MaxGradient(tie, tie, out double da, out double db);
        Assert.Equal(tie, value);
        Assert.Equal(0.5, da);
        Assert.Equal(0.5, db);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    public void MinSplitsTheGradientAtATie(double tie)
    {
        double value = MathFunctions.MinGradient(tie, tie, out double da, out double db);
        Assert.Equal(tie, value);
        Assert.Equal(0.5, da);
        Assert.Equal(0.5, db);
    }

    [Fact]
    public void TiesSplitTheSeedInThePullback()
    {
        double da = 1.0, db = -1.0;
        MathFunctions.MaxPullback(0.75, 0.75, 2.5, ref da, ref db);
        Assert.Equal(1.0 + 1.25, da);
        Assert.Equal(-1.0 + 1.25, db);

        da = 0.0;
        db = 0.0;
        MathFunctions.MinPullback(-0.75, -0.75, 2.5, ref da, ref db);
        Assert.Equal(1.25, da);
        Assert.Equal(1.25, db);
    }

    /// <summary>The gradient goes to the value on the closed interval [lo, hi], to lo below it, to hi above it.</summary>
    [Theory]
    [InlineData(-1.0, -1.0, 1.0, 1.0, 0.0, 0.0)]   // v == lo: inside
    [InlineData(1.0, -1.0, 1.0, 1.0, 0.0, 0.0)]    // v == hi: inside
    [InlineData(0.5, 0.5, 0.5, 1.0, 0.0, 0.0)]     // lo == v == hi: inside
    [InlineData(0.2, -1.0, 1.0, 1.0, 0.0, 0.0)]    // strictly inside
    [InlineData(-1.5, -1.0, 1.0, 0.0, 1.0, 0.0)]   // below lo
    [InlineData(3.0, -1.0, 1.0, 0.0, 0.0, 1.0)]    // above hi
    public void ClampPassesTheGradientOnTheClosedInterval(
        double v, double low, double high, double expectedDv, double expectedDlow, double expectedDhigh)
    {
        double value = MathFunctions.ClampGradient(v, low, high, out double dv, out double dlow, out double dhigh);
        Assert.Equal(System.Math.Clamp(v, low, high), value);
        Assert.Equal(expectedDv, dv);
        Assert.Equal(expectedDlow, dlow);
        Assert.Equal(expectedDhigh, dhigh);
    }
}
