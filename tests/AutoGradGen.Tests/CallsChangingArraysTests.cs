using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Calls the generator cannot see into that change arrays the reverse sweep reads again: the
/// gradient saves those arrays before the call and puts them back after its reverse, so it matches
/// central differences (each evaluation on a fresh copy of the data, as the function changes it).
/// </summary>
public class CallsChangingArraysTests
{
    [Fact]
    public void A_coefficient_array_scaled_in_place_between_two_reads()
    {
        double[] w = { 1, 2, 3 };
        double[] x = { 0.5, -1, 2 };
        double[] g = new double[3];
        double value = CallsChangingArrays.DotScaleDotGradient(w, (double[])x.Clone(), g);
        Assert.Equal(CallsChangingArrays.DotScaleDot(w, (double[])x.Clone()), value);
        Assert.Equal(new[] { 1.5, -3, 6 }, g);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.1)]
    public void A_call_in_an_if_condition_that_changes_the_array_the_loop_before_read(double scale)
    {
        // Both branches: the sum of x decides, and the reverse of the loop needs x as it was.
        double[] w = { 0.7, -1.2, 0.4 };
        double[] x = { 0.9 * scale, -0.3 * scale, 1.1 * scale };
        double[] g = new double[3];
        double value = CallsChangingArrays.HalveInAConditionGradient(w, (double[])x.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.HalveInACondition(p, (double[])x.Clone()), w, value, g);
    }

    [Theory]
    [InlineData(3.0, 1)]
    [InlineData(3.0, 4)]
    [InlineData(0.7, 4)]
    [InlineData(0.2, 3)]
    public void Calls_in_an_if_and_its_else_if_inside_a_loop_on_a_local_copy_and_the_data(double scale, int rounds)
    {
        // Scales chosen so that rounds take the if, the else-if and neither.
        double[] w = { 0.7, -1.2, 0.4 };
        double[] x = { 0.9 * scale, -0.3 * scale, 1.1 * scale };
        double[] g = new double[3];
        double value = CallsChangingArrays.HalveInConditionsInALoopGradient(w, (double[])x.Clone(), rounds, g);
        GradientAssert.Matches(p => CallsChangingArrays.HalveInConditionsInALoop(p, (double[])x.Clone(), rounds), w, value, g);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.1)]
    public void The_same_call_in_the_condition_of_a_conditional_expression(double scale)
    {
        double[] w = { 0.7, -1.2, 0.4 };
        double[] x = { 0.9 * scale, -0.3 * scale, 1.1 * scale };
        double[] g = new double[3];
        double value = CallsChangingArrays.HalveInAConditionalGradient(w, (double[])x.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.HalveInAConditional(p, (double[])x.Clone()), w, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_helper_that_normalizes_in_place_and_returns_a_value(int n)
    {
        double[] w = RandomPoints.Uniform(new Random(n), n, -1, 1);
        double[] x = RandomPoints.Uniform(new Random(n + 10), n, 0.5, 2);
        double[] g = new double[n];
        double value = CallsChangingArrays.NormalizeAndWeighGradient(w, (double[])x.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.NormalizeAndWeigh(p, (double[])x.Clone()), w, value, g);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    [InlineData(5, 3)]
    [InlineData(7, 12)]
    public void Rotations_in_a_loop_a_scaled_slice_and_a_span_fill(int n, int rounds)
    {
        double[] w = RandomPoints.Uniform(new Random(n * 31 + rounds), n, -1, 1);
        double[] x = RandomPoints.Uniform(new Random(n + rounds), n, -1, 1);
        double[] g = new double[n];
        double value = CallsChangingArrays.RotatingCoefficientsGradient(w, (double[])x.Clone(), rounds, g);
        GradientAssert.Matches(p => CallsChangingArrays.RotatingCoefficients(p, (double[])x.Clone(), rounds), w, value, g);

        // Pooled tapes are reused: a second call on the same buffers gives the same gradient.
        double[] again = new double[n];
        Assert.Equal(value, CallsChangingArrays.RotatingCoefficientsGradient(w, (double[])x.Clone(), rounds, again));
        Assert.Equal(g, again);
    }

    [Fact]
    public void An_index_array_sorted_after_a_gather()
    {
        double[] w = { 0.3, -0.8, 1.1, 0.4, -0.2 };
        int[] index = { 4, 0, 3, 0, 2, 1 };
        double[] c = { 1.5, -0.5, 2, 0.25, -1, 0.75 };
        double[] g = new double[w.Length];
        double value = CallsChangingArrays.GatherThenSortGradient(w, (int[])index.Clone(), c, g);
        GradientAssert.Matches(p => CallsChangingArrays.GatherThenSort(p, (int[])index.Clone(), c), w, value, g);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_value_recomputed_from_an_array_a_later_call_changes(int n)
    {
        double[] w = RandomPoints.Uniform(new Random(n + 3), n, -1, 1);
        double[] x = RandomPoints.Uniform(new Random(n + 4), n, 0.5, 2);
        double[] g = new double[n];
        double value = CallsChangingArrays.RecomputedBeforeTheCallGradient(w, (double[])x.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.RecomputedBeforeTheCall(p, (double[])x.Clone()), w, value, g);
    }

    [Fact]
    public void A_slice_put_back_then_the_whole_array_changed()
    {
        double[] w = { 0.7, -1.3 };
        double[] x = { 0.5, -2, 1.5 };
        double[] g = new double[2];
        double[] given = (double[])x.Clone();
        double value = CallsChangingArrays.SliceThenWholeGradient(w, given, g);
        GradientAssert.Matches(p => CallsChangingArrays.SliceThenWhole(p, (double[])x.Clone()), w, value, g);
        Assert.Equal(x, given); // both changes undone by the gradient's reverse sweep
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void A_slice_whose_bound_changes_every_iteration(int n)
    {
        double[] w = RandomPoints.Uniform(new Random(n + 5), n, -1, 1);
        double[] x = RandomPoints.Uniform(new Random(n + 6), n, -1, 1);
        double[] g = new double[n];
        double value = CallsChangingArrays.GrowingSliceGradient(w, (double[])x.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.GrowingSlice(p, (double[])x.Clone()), w, value, g);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_call_in_a_branch_and_indices_reversed_in_a_loop_of_unknown_length(bool scale)
    {
        double[] w = { 0.3, -0.8, 1.1, 0.4 };
        int[] index = { 3, 0, 2, 2, 1 };
        double[] x = { 1.5, -0.5, 2, 0.25, -1 };
        double[] g = new double[w.Length];
        double value = CallsChangingArrays.SortUntilSmallGradient(w, (int[])index.Clone(), (double[])x.Clone(), scale, g);
        GradientAssert.Matches(p => CallsChangingArrays.SortUntilSmall(p, (int[])index.Clone(), (double[])x.Clone(), scale), w, value, g);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_differentiable_callee_updating_its_nodiff_state_in_a_loop(int rounds)
    {
        double[] w = { 0.6, -0.9, 0.35 };
        double[] state = { 0.4, -1.2, 0.8 };
        double[] g = new double[w.Length];
        double[] passed = (double[])state.Clone();
        double value = CallsChangingArrays.RelaxRoundsGradient(w, passed, rounds, g);
        Assert.Equal(CallsChangingArrays.RelaxRounds(w, (double[])state.Clone(), rounds), value);
        GradientAssert.Matches(p => CallsChangingArrays.RelaxRounds(p, (double[])state.Clone(), rounds), w, value, g);

        // What was saved is put back: the state holds what it held before the gradient.
        Assert.Equal(state, passed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_nodiff_workspace_holding_values_that_carry_derivatives(int n)
    {
        double[] w = RandomPoints.Uniform(new Random(n + 40), n, -1, 1);
        double[] scratch = RandomPoints.Uniform(new Random(n + 41), n, -1, 1);
        double[] g = new double[n];
        double value = CallsChangingArrays.WorkspaceGradient(w, (double[])scratch.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.Workspace(p, (double[])scratch.Clone()), w, value, g);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    public void A_nodiff_workspace_handed_to_a_differentiable_callee(int n)
    {
        // Its adjoint is pooled (16 elements for 3): the callee must get exactly n of them.
        double[] w = RandomPoints.Uniform(new Random(n + 50), n, -1, 1);
        double[] g = new double[n];
        double value = CallsChangingArrays.WorkspaceThroughCalleeGradient(w, new double[n], g);
        GradientAssert.Matches(p => CallsChangingArrays.WorkspaceThroughCallee(p, new double[n]), w, value, g);
    }

    [Fact]
    public void A_kernel_given_only_constants_overwriting_a_buffer_the_reverse_reads()
    {
        double[] w = { 0.5, -1.5, 2 };
        double[] c = { 1, 2, 3 };
        double[] buffer = { -0.5, 0.25, 4 };
        double[] g = new double[w.Length];
        double value = CallsChangingArrays.ConstantKernelOverwritesGradient(w, c, (double[])buffer.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.ConstantKernelOverwrites(p, c, (double[])buffer.Clone()), w, value, g);
    }

    [Fact]
    public void A_kernel_counting_its_calls_in_a_nodiff_array()
    {
        double[] w = { 0.5, -1.5, 2 };
        double[] g = new double[w.Length];
        double value = CallsChangingArrays.ScaledTwiceGradient(w, new double[] { 1 }, g);
        Assert.Equal(CallsChangingArrays.ScaledTwice(w, new double[] { 1 }), value);
        GradientAssert.Matches(p => CallsChangingArrays.ScaledTwice(p, new double[] { 1 }), w, value, g);
    }

    [Fact]
    public void A_differentiable_callee_handing_its_nodiff_array_to_a_helper_that_changes_it()
    {
        double[] w = { 0.3, -0.8, 1.1 };
        double[] x = { 1.5, -0.5, 2 };
        double[] g = new double[w.Length];
        double value = CallsChangingArrays.HalvedTwiceGradient(w, (double[])x.Clone(), g);
        GradientAssert.Matches(p => CallsChangingArrays.HalvedTwice(p, (double[])x.Clone()), w, value, g);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void A_slice_with_a_computed_length_then_the_array_scaled(int n)
    {
        double[] w = { 0.7, -1.3, 0.2 };
        double[] x = { 0.4, 1.1, -0.6 };
        double[] g = new double[w.Length];
        double value = CallsChangingArrays.SliceThenScaleGradient(w, (double[])x.Clone(), n, g);
        GradientAssert.Matches(p => CallsChangingArrays.SliceThenScale(p, (double[])x.Clone(), n), w, value, g);
    }
}
