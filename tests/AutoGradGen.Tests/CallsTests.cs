using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class CallsTests
{
    [Theory]
    [InlineData(0.5, 1.2)]
    [InlineData(-1.0, 2.0)]
    public void Blend(double a, double b)
    {
        double value = Calls.BlendGradient(a, b, out double da, out double db);
        GradientAssert.Matches(p => Calls.Blend(p[0], p[1]), new[] { a, b }, value, da, db);
    }

    [Theory]
    [InlineData(0.3, 0.8)]
    [InlineData(-0.6, 1.1)]
    [InlineData(1.2, -0.4)]
    public void Middle(double x, double y)
    {
        double value = Calls.MiddleGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Calls.Middle(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.3, 0.8)]
    [InlineData(-0.6, 1.1)]
    [InlineData(1.2, -0.4)]
    public void NestedThreeLevels(double x, double y)
    {
        double value = Calls.OuterGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Calls.Outer(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.3, 0.8)]
    [InlineData(-0.6, 1.1)]
    [InlineData(1.2, -0.4)]
    public void ExpressionArguments(double x, double y)
    {
        double value = Calls.ExpressionArgumentsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Calls.ExpressionArguments(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(-1.4)]
    [InlineData(0.3)]
    [InlineData(2.2)]
    public void SameVariableTwice(double x)
    {
        double value = Calls.SameVariableTwiceGradient(x, out double dx);
        GradientAssert.Matches(p => Calls.SameVariableTwice(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(-1.4, 0.5)]
    [InlineData(0.3, -2.0)]
    [InlineData(2.2, 1.5)]
    public void ConstantArguments(double x, double c)
    {
        double value = Calls.ConstantArgumentsGradient(x, c, out double dx);
        GradientAssert.Matches(p => Calls.ConstantArguments(p[0], c), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.3, 0.8)]
    [InlineData(-0.6, 1.1)]
    [InlineData(1.2, -0.4)]
    public void CallResultsInLocals(double x, double y)
    {
        double value = Calls.CallResultsInLocalsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Calls.CallResultsInLocals(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.3, 0.8)]
    [InlineData(-0.6, 1.1)]
    [InlineData(2.5, -3.0)]
    public void OtherType(double x, double y)
    {
        double value = Calls.OtherTypeGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Calls.OtherType(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.3, 0.8, 2.0, -1.0)]
    [InlineData(-0.6, 1.1, 0.5, 0.5)]
    public void GeometryDistance(double x0, double y0, double x1, double y1)
    {
        double value = Geometry.DistanceGradient(x0, y0, x1, y1, out double dx0, out double dy0, out double dx1, out double dy1);
        GradientAssert.Matches(p => Geometry.Distance(p[0], p[1], p[2], p[3]), new[] { x0, y0, x1, y1 }, value, dx0, dy0, dx1, dy1);
    }

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(0.7, 1)]
    [InlineData(-1.3, 4)]
    [InlineData(0.5, 7)]
    public void RecursionWithDepth(double x, int depth)
    {
        double value = Calls.GeometricSeriesGradient(x, depth, out double dx);
        GradientAssert.Matches(p => Calls.GeometricSeries(p[0], depth), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.7, 3, 1.5)]
    [InlineData(-1.3, -2, -0.5)]
    [InlineData(2.0, 0, 0.0)]
    public void InactiveHelperCalls(double x, int n, double c)
    {
        double value = Calls.InactiveHelperCallsGradient(x, n, c, out double dx);
        GradientAssert.Matches(p => Calls.InactiveHelperCalls(p[0], n, c), new[] { x }, value, dx);
    }

    /// <summary>x is checked in double with f fixed; f in float with x fixed.</summary>
    [Theory]
    [InlineData(0.7, 1.5f)]
    [InlineData(-1.3, -0.5f)]
    public void CallsFloatMethod(double x, float f)
    {
        double value = Calls.CallsFloatMethodGradient(x, f, out double dx, out float df);
        GradientAssert.Matches(p => Calls.CallsFloatMethod(p[0], f), new[] { x }, value, dx);
        GradientAssert.Matches(p => (float)Calls.CallsFloatMethod(x, p[0]), new[] { f }, (float)value, df);
    }

    [Theory]
    [InlineData(1.5, 1.2)]
    [InlineData(0.3, 0.2)]
    [InlineData(-0.7, 0.2)]
    public void CallsInConditions(double x, double y)
    {
        double value = Calls.CallsInConditionsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Calls.CallsInConditions(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void ConditionalGuardsCall(double x)
    {
        double value = Calls.ConditionalGuardsCallGradient(x, out double dx);
        GradientAssert.Matches(p => Calls.ConditionalGuardsCall(p[0]), new[] { x }, value, dx);
    }

    /// <summary>The function rounds x to float, so it is checked at float tolerance.</summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    public void ActiveIntoFloatParameter(double x)
    {
        double value = Calls.ActiveIntoFloatParameterGradient(x, out double dx);
        GradientAssert.Matches(p => (float)Calls.ActiveIntoFloatParameter(p[0]), new[] { (float)x }, (float)value, (float)dx);
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(-0.4)]
    public void CallsPrivate(double x)
    {
        double value = Calls.CallsPrivateGradient(x, out double dx);
        GradientAssert.Matches(p => Calls.CallsPrivate(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(-0.4)]
    public void NestedStructAndClassHosts(double x)
    {
        double value = InstanceClassHost.InClassGradient(x, out double dx);
        GradientAssert.Matches(p => InstanceClassHost.InClass(p[0]), new[] { x }, value, dx);
    }
}
