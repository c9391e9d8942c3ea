using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class FloatFunctionsTests
{
    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-1.2f, 0.3f)]
    [InlineData(2.0f, -1.0f)]
    public void Polynomial(float x, float y)
    {
        float value = FloatFunctions.PolynomialGradient(x, y, out float dx, out float dy);
        GradientAssert.Matches(p => FloatFunctions.Polynomial(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(1.7f)]
    [InlineData(3.2f)]
    public void SinExpSqrt(float x)
    {
        float value = FloatFunctions.SinExpSqrtGradient(x, out float dx);
        GradientAssert.Matches(p => FloatFunctions.SinExpSqrt(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(1.5f, 0.7f)]
    [InlineData(0.6f, -1.2f)]
    [InlineData(2.5f, 2.0f)]
    public void PowLogTanh(float x, float y)
    {
        float value = FloatFunctions.PowLogTanhGradient(x, y, out float dx, out float dy);
        GradientAssert.Matches(p => FloatFunctions.PowLogTanh(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5f, 1.0f)]
    [InlineData(2.0f, 0.5f)]
    [InlineData(-1.0f, -0.8f)]
    [InlineData(-1.0f, -0.3f)]
    public void MoreMathF(float x, float y)
    {
        float value = FloatFunctions.MoreMathFGradient(x, y, out float dx, out float dy);
        GradientAssert.Matches(p => FloatFunctions.MoreMathF(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.5f, 0.5f)]
    [InlineData(1.5f, -0.5f)]
    [InlineData(0.3f, 0.8f)]
    [InlineData(-0.7f, -1.4f)]
    public void Branches(float x, float y)
    {
        float value = FloatFunctions.BranchesGradient(x, y, out float dx, out float dy);
        GradientAssert.Matches(p => FloatFunctions.Branches(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5f, 0.5f)]
    [InlineData(-1.0f, 1.5f)]
    [InlineData(0.8f, -0.6f)]
    public void Conversions(float x, float y)
    {
        float value = FloatFunctions.ConversionsGradient(x, y, out float dx, out float dy);
        GradientAssert.Matches(p => FloatFunctions.Conversions(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5f, 1.2f)]
    [InlineData(-1.0f, 0.7f)]
    [InlineData(1.5f, 2.0f)]
    public void CallsFloat(float x, float y)
    {
        float value = FloatFunctions.CallsFloatGradient(x, y, out float dx, out float dy);
        GradientAssert.Matches(p => FloatFunctions.CallsFloat(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    public void Constants(float x)
    {
        float value = FloatFunctions.ConstantsGradient(x, out float dx);
        GradientAssert.Matches(p => FloatFunctions.Constants(p[0]), new[] { x }, value, dx);
    }
}
