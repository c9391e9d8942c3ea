using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class BranchesTests
{
    [Theory]
    [InlineData(-2.0, 0.8)]
    [InlineData(-0.5, 1.3)]
    [InlineData(0.5, -0.7)]
    [InlineData(2.5, 1.6)]
    public void IfElseIfElse(double x, double y)
    {
        double value = Branches.IfElseIfElseGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.IfElseIfElse(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.8, 1.2)]
    [InlineData(0.8, -0.6)]
    [InlineData(-0.5, 0.3)]
    [InlineData(-0.5, -1.5)]
    public void NestedIfs(double x, double y)
    {
        double value = Branches.NestedIfsGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.NestedIfs(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(0.5, 1.5)]
    [InlineData(-1.0, -2.0)]
    public void Conditional(double x, double y)
    {
        double value = Branches.ConditionalGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.Conditional(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.5, 1.2)]
    [InlineData(1.5, -0.7)]
    [InlineData(1.5, 0.7)]
    [InlineData(-0.8, 0.4)]
    [InlineData(-0.8, -1.6)]
    public void NestedConditionalInExpression(double x, double y)
    {
        double value = Branches.NestedConditionalInExpressionGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.NestedConditionalInExpression(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.6, 0.8, 3, 0.5, false)]
    [InlineData(-0.5, 0.8, 1, 0.5, false)]
    [InlineData(0.5, 1.5, 4, 0.25, true)]
    [InlineData(-0.5, 1.5, 2, 0.25, false)]
    public void LogicalConditions(double x, double y, int n, double c, bool flip)
    {
        double value = Branches.LogicalConditionsGradient(x, y, n, c, flip, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.LogicalConditions(p[0], p[1], n, c, flip), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(2.0, -1.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(-0.4, 1.5)]
    public void EarlyReturnEveryBranch(double x, double y)
    {
        double value = Branches.EarlyReturnEveryBranchGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.EarlyReturnEveryBranch(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.2, 0.5)]
    [InlineData(1.2, -0.5)]
    [InlineData(-0.7, -1.5)]
    [InlineData(-0.7, 0.5)]
    public void EarlyReturnOrFallThrough(double x, double y)
    {
        double value = Branches.EarlyReturnOrFallThroughGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.EarlyReturnOrFallThrough(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(-3.0, 0.5)]
    [InlineData(-99.0, -0.25)]
    public void GuardWithThrow(double x, double y)
    {
        double value = Branches.GuardWithThrowGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.GuardWithThrow(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Fact]
    public void GuardWithThrowThrowsFromGradientAndPullback()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Branches.GuardWithThrowGradient(-200.0, 1.0, out _, out _));
        double xAdjoint = 0, yAdjoint = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => Branches.GuardWithThrowPullback(-200.0, 1.0, 1.0, ref xAdjoint, ref yAdjoint));
    }

    [Theory]
    [InlineData(0.7, 3, 1.5)]
    [InlineData(0.7, 1, -2.0)]
    [InlineData(0.7, 1, 2.0)]
    [InlineData(-1.3, 2, 0.5)]
    public void BranchOnInactiveValues(double x, int n, double c)
    {
        double value = Branches.BranchOnInactiveValuesGradient(x, n, c, out double dx);
        GradientAssert.Matches(p => Branches.BranchOnInactiveValues(p[0], n, c), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void ConstantBranch(double x)
    {
        double value = Branches.ConstantBranchGradient(x, out double dx);
        GradientAssert.Matches(p => Branches.ConstantBranch(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-0.7, 1.2)]
    public void SameLocalNameInBothBranches(double x, double y)
    {
        double value = Branches.SameLocalNameInBothBranchesGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.SameLocalNameInBothBranches(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.5, 1.2)]
    [InlineData(0.5, 1.2)]
    [InlineData(-0.7, 1.2)]
    public void ParameterReassignedInBranch(double x, double y)
    {
        double value = Branches.ParameterReassignedInBranchGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.ParameterReassignedInBranch(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(0.7, 0.2)]
    [InlineData(0.7, 1.2)]
    [InlineData(-1.3, 0.4)]
    [InlineData(-0.3, 2.4)]
    public void OverwritesInsideBranch(double x, double y)
    {
        double value = Branches.OverwritesInsideBranchGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.OverwritesInsideBranch(p[0], p[1]), new[] { x, y }, value, dx, dy);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.5)]
    public void ReluWithIntLiteral(double x)
    {
        double value = Branches.ReluWithIntLiteralGradient(x, out double dx);
        GradientAssert.Matches(p => Branches.ReluWithIntLiteral(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.5)]
    public void ReturnsIntLiteral(double x)
    {
        double value = Branches.ReturnsIntLiteralGradient(x, out double dx);
        GradientAssert.Matches(p => Branches.ReturnsIntLiteral(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.7, 0.2)]
    [InlineData(-1.3, 0.4)]
    public void ThrowInElseIfChain(double x, double y)
    {
        double value = Branches.ThrowInElseIfChainGradient(x, y, out double dx, out double dy);
        GradientAssert.Matches(p => Branches.ThrowInElseIfChain(p[0], p[1]), new[] { x, y }, value, dx, dy);
        Assert.Throws<ArgumentException>(() => Branches.ThrowInElseIfChainGradient(1.0, 2000.0, out _, out _));
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(0.4)]
    [InlineData(-1.7)]
    public void DecisionTakenBeforeOverwrite(double x)
    {
        double value = Branches.DecisionTakenBeforeOverwriteGradient(x, out double dx);
        GradientAssert.Matches(p => Branches.DecisionTakenBeforeOverwrite(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void ConditionalGuardsSqrt(double x)
    {
        double value = Branches.ConditionalGuardsSqrtGradient(x, out double dx);
        GradientAssert.Matches(p => Branches.ConditionalGuardsSqrt(p[0]), new[] { x }, value, dx);
    }

    /// <summary>Exact values: 2/x + 1 for x &gt; 0, 1 otherwise (also at 0, where Log is -∞).</summary>
    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    [InlineData(0.0)]
    public void ConditionalGuardsLog(double x)
    {
        Branches.ConditionalGuardsLogGradient(x, out double dx);
        Assert.Equal(x > 0 ? (2.0 / x) + 1.0 : 1.0, dx, 12);
    }

    [Theory]
    [InlineData(1.7)]
    [InlineData(0.3)]
    public void ConditionalGuardsAcosh(double x)
    {
        double value = Branches.ConditionalGuardsAcoshGradient(x, out double dx);
        GradientAssert.Matches(p => Branches.ConditionalGuardsAcosh(p[0]), new[] { x }, value, dx);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-2.1)]
    public void Sinc(double x)
    {
        double value = Branches.SincGradient(x, out double dx);
        GradientAssert.Matches(p => Branches.Sinc(p[0]), new[] { x }, value, dx);
    }

    [Fact]
    public void SincAtZeroTakesTheGuardedArm()
    {
        double value = Branches.SincGradient(0.0, out double dx);
        Assert.Equal(1.0, value);
        Assert.Equal(0.0, dx);
    }

    /// <summary>At x = -1.5 the dead local is NaN; the gradient must not see it.</summary>
    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.7)]
    public void DeadLocal(double x)
    {
        Branches.DeadLocalGradient(x, out double dx);
        Assert.Equal(2.0 * x, dx);
    }
}
