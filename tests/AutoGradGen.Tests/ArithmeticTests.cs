using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class ArithmeticTests
{
    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.5, 0.4)]
    [InlineData(-1.1, 3.2)]
    public void Overwrites(double x, double y)
    {
        double value = Arithmetic.OverwritesGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.Overwrites(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.5, 0.4)]
    [InlineData(-1.1, 3.2)]
    public void AllOperators(double x, double y)
    {
        double value = Arithmetic.AllOperatorsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.AllOperators(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7, 0.3)]
    [InlineData(1.9, -0.8)]
    [InlineData(-2.3, 1.7)]
    public void Remainder(double x, double y)
    {
        double value = Arithmetic.RemainderGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.Remainder(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(-1.2)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    public void LiteralsAndConstants(double x)
    {
        double value = Arithmetic.LiteralsAndConstantsGradient(x, out double dx);
        GradientAssert.Matches(p => Arithmetic.LiteralsAndConstants(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.5, 1.5, 3)]
    [InlineData(-2.0, 0.7, -4)]
    [InlineData(1.3, -0.2, 1)]
    public void IntParameterInComputation(double x, double y, int n)
    {
        double value = Arithmetic.IntParameterInComputationGradient(x, y, n, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.IntParameterInComputation(p[0], p[1], n), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.4, 2.5, 3)]
    [InlineData(-1.5, -0.5, 2)]
    [InlineData(2.7, 1.7, -1)]
    public void ExplicitConversions(double x, double y, int n)
    {
        double value = Arithmetic.ExplicitConversionsGradient(x, y, n, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.ExplicitConversions(p[0], p[1], n), new[] { x, y }, value, dx, dy);
    }

    /// <summary>x is checked in double with f held fixed, f in float (its own precision) with x held fixed.</summary>
    [Theory]
    [InlineData(0.5, 1.25f, 2)]
    [InlineData(-1.0, -0.75f, 3)]
    [InlineData(2.0, 0.5f, -1)]
    public void MixedPrecision(double x, float f, int n)
    {
        double value = Arithmetic.MixedPrecisionGradient(x, f, n, out double dx, out float df);
        GradientAssert.Matches(p => Arithmetic.MixedPrecision(p[0], f, n), new[] { x }, value, dx);
        GradientAssert.Matches(p => (float)Arithmetic.MixedPrecision(x, p[0], n), new[] { f }, (float)value, df);
    }

    [Theory]
    [InlineData(0.5, 1.5, 2)]
    [InlineData(-1.2, 0.3, 5)]
    [InlineData(2.0, -3.0, -1)]
    public void InactiveIntegerMath(double x, double y, int n)
    {
        double value = Arithmetic.InactiveIntegerMathGradient(x, y, n, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.InactiveIntegerMath(p[0], p[1], n), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.5, 0.4)]
    [InlineData(-1.1, 3.2)]
    public void CompoundAssignments(double x, double y)
    {
        double value = Arithmetic.CompoundAssignmentsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.CompoundAssignments(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.2)]
    [InlineData(3.0)]
    public void IncrementDecrementStatements(double x)
    {
        double value = Arithmetic.IncrementDecrementStatementsGradient(x, out double dx);
        GradientAssert.Matches(p => Arithmetic.IncrementDecrementStatements(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.5, 0.4)]
    [InlineData(-1.1, 3.2)]
    public void ParametersReassigned(double x, double y)
    {
        double value = Arithmetic.ParametersReassignedGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.ParametersReassigned(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(2.5, 0.4)]
    [InlineData(-1.1, 3.2)]
    public void ExpressionBodied(double x, double y)
    {
        double value = Arithmetic.ExpressionBodiedGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.ExpressionBodied(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7, -1.3, 2, 0.5)]
    [InlineData(2.5, 0.4, -3, -1.5)]
    [InlineData(-1.1, 3.2, 0, 2.0)]
    public void NoDiffParameter(double x, double y, int n, double c)
    {
        double value = Arithmetic.NoDiffParameterGradient(x, y, n, c, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.NoDiffParameter(p[0], p[1], n, c), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.5, 1.2)]
    [InlineData(-0.7, 0.2)]
    public void DeclaratorsVarAndUnaryPlus(double x, double y)
    {
        double value = Arithmetic.DeclaratorsVarAndUnaryPlusGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.DeclaratorsVarAndUnaryPlus(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    /// <summary>On both sides of the Clamp(x, 0, 1) kinks.</summary>
    [Theory]
    [InlineData(0.4)]
    [InlineData(2.5)]
    public void FieldsAndMixedLiterals(double x)
    {
        double value = Arithmetic.FieldsAndMixedLiteralsGradient(x, out double dx);
        GradientAssert.Matches(p => Arithmetic.FieldsAndMixedLiterals(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void InexactFloatLiterals(double x)
    {
        double value = Arithmetic.InexactFloatLiteralsGradient(x, out double dx);
        GradientAssert.Matches(p => Arithmetic.InexactFloatLiterals(p[0]), new[] { x }, value, dx);
        Assert.Equal((double)0.1f + (2 * (double)0.3f * x), dx, 15);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void IntegerDivisionInConstants(double x)
    {
        double value = Arithmetic.IntegerDivisionInConstantsGradient(x, out double dx);
        GradientAssert.Matches(p => Arithmetic.IntegerDivisionInConstants(p[0]), new[] { x }, value, dx);
        Assert.Equal(3.25, dx);
    }

    /// <summary>The value is compared bit for bit and the derivative is the exact sum of the literals.</summary>
    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void LiteralRoundTrip(double x)
    {
        double value = Arithmetic.LiteralRoundTripGradient(x, out double dx);
        Assert.Equal(Arithmetic.LiteralRoundTrip(x), value);
        Assert.Equal(0.1 + 123456789.123456789 + 1e-300 + 2.2250738585072014E-308, dx);
    }

    [Theory]
    [InlineData(0.7, 3)]
    [InlineData(-1.3, -2)]
    public void IntParameterReassigned(double x, int n)
    {
        double value = Arithmetic.IntParameterReassignedGradient(x, n, out double dx);
        GradientAssert.Matches(p => Arithmetic.IntParameterReassigned(p[0], n), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.5, 1.2)]
    [InlineData(-1.0, 0.3)]
    public void LocalsNamedLikeGeneratedCode(double x, double y)
    {
        double value = Arithmetic.LocalsNamedLikeGeneratedCodeGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.LocalsNamedLikeGeneratedCode(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Fact]
    public void ParameterNamedSeed()
    {
        double value = Arithmetic.ParameterNamedSeedGradient(0.5, 1.5, out double dseed, out double dx);
        GradientAssert.Matches(p => Arithmetic.ParameterNamedSeed(p[0], p[1]), new[] { 0.5, 1.5 }, value, dseed, dx);
        double seedAdjoint = 1.0, xAdjoint = 2.0;
        Arithmetic.ParameterNamedSeedPullback(0.5, 1.5, 2.5, ref seedAdjoint, ref xAdjoint);
        Assert.Equal(1.0 + (2.5 * 1.5), seedAdjoint, 12);
        Assert.Equal(2.0 + (2.5 * 0.5), xAdjoint, 12);
    }

    [Fact]
    public void ParametersNamedLikeGradients()
    {
        double value = Arithmetic.ParametersNamedLikeGradientsGradient(0.5, 1.5, 2.0, out double d0, out double d1, out double d2);
        GradientAssert.Matches(p => Arithmetic.ParametersNamedLikeGradients(p[0], p[1], p[2]), new[] { 0.5, 1.5, 2.0 }, value, d0, d1, d2);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.25)]
    public void InParameter(double x, double y)
    {
        double value = Arithmetic.InParameterGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Arithmetic.InParameter(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }
}
