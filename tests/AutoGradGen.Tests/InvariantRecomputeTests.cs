using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Recomputations hoisted out of reverse loops when their inputs never change, and kept in place when
/// they may fail or change: gradients against central differences, and no exception the function
/// itself would not throw.
/// </summary>
public class InvariantRecomputeTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(5, 4)]
    [InlineData(3, 0)]
    public void Scaled_steps(int n, int steps)
    {
        double[] w = RandomPoints.Uniform(new Random(n + steps), n, -0.8, 0.8);
        double[] g = new double[n];
        double value = InvariantRecomputes.ScaledStepsGradient(w, steps, 0.1, g);
        GradientAssert.Matches(p => InvariantRecomputes.ScaledSteps(p, steps, 0.1), w, value, g);
    }

    [Fact]
    public void An_integer_division_the_function_never_ran_is_not_run_by_the_gradient()
    {
        double[] w = { 0.5, -1.25 };
        double[] g = { 7, 7 };
        Assert.Equal(0, InvariantRecomputes.IntegerQuotientInASkippedLoop(w, 0, 0));
        Assert.Equal(0, InvariantRecomputes.IntegerQuotientInASkippedLoopGradient(w, 0, 0, g));
        Assert.Equal(new double[] { 0, 0 }, g);

        double value = InvariantRecomputes.IntegerQuotientInASkippedLoopGradient(w, 1, 3, g);
        GradientAssert.Matches(p => InvariantRecomputes.IntegerQuotientInASkippedLoop(p, 1, 3), w, value, g);
        Assert.Throws<DivideByZeroException>(() => InvariantRecomputes.IntegerQuotientInASkippedLoopGradient(w, 0, 1, g));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_step_the_loop_changes(int rounds)
    {
        double[] w = { 0.3, -0.2, 0.45 };
        double[] g = new double[w.Length];
        double value = InvariantRecomputes.ChangingStepGradient(w, rounds, g);
        GradientAssert.Matches(p => InvariantRecomputes.ChangingStep(p, rounds), w, value, g);
    }

    [Fact]
    public void A_length_in_a_skipped_branch_is_not_read_by_the_gradient()
    {
        double[] w = { 0.3, -0.7 };
        double[] g = new double[2];
        double value = InvariantRecomputes.WeightedRelaxationGradient(w, null!, false, 3, g);
        GradientAssert.Matches(p => InvariantRecomputes.WeightedRelaxation(p, null!, false, 3), w, value, g);
        value = InvariantRecomputes.WeightedRelaxationGradient(w, null!, true, 0, g);
        GradientAssert.Matches(p => InvariantRecomputes.WeightedRelaxation(p, null!, true, 0), w, value, g);
        value = InvariantRecomputes.WeightedRelaxationGradient(w, new double[4], true, 3, g);
        GradientAssert.Matches(p => InvariantRecomputes.WeightedRelaxation(p, new double[4], true, 3), w, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_trip_count_recomputed_before_the_inner_loop_reads_it(int n)
    {
        double[] x = RandomPoints.Uniform(new Random(n), n, -1, 1);
        double[] g = new double[n];
        double value = InvariantRecomputes.TripCountFromARecomputedValueGradient(x, g);
        GradientAssert.Matches(p => InvariantRecomputes.TripCountFromARecomputedValue(p), x, value, g);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_trip_count_recomputed_before_a_loop_in_a_branch(bool inner)
    {
        double[] x = { 0.4, -0.3, 0.8, 0.1 };
        double[] g = new double[x.Length];
        double value = InvariantRecomputes.TripCountInABranchGradient(x, inner, g);
        GradientAssert.Matches(p => InvariantRecomputes.TripCountInABranch(p, inner), x, value, g);
    }

    [Fact]
    public void A_static_limit_changed_after_the_loop_is_not_read_again()
    {
        double[] x = { 0.2, -0.4, 0.3, 0.6 };
        double[] g = new double[x.Length];
        double F(double[] p)
        {
            GrowingLimit.Size = 2;
            return InvariantRecomputes.ProductThenGrow(p);
        }

        GrowingLimit.Size = 2;
        double value = InvariantRecomputes.ProductThenGrowGradient(x, g);
        Assert.Equal(3, GrowingLimit.Size);
        GradientAssert.Matches(F, x, value, g);
        Assert.Equal(0, g[2]);
    }

    [Fact]
    public void An_element_limit_a_call_changes_after_the_loop_is_not_read_again()
    {
        double[] x = { 0.2, -0.4, 0.3, 0.6 };
        double[] g = new double[x.Length];
        int[] sizes = { 2 };
        double value = InvariantRecomputes.ProductThenGrowElementGradient(x, sizes, g);
        Assert.Equal(3, sizes[0]);
        GradientAssert.Matches(p => InvariantRecomputes.ProductThenGrowElement(p, new[] { 2 }), x, value, g);
        Assert.Equal(0, g[2]);
    }
}
