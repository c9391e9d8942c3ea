using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// [Differentiable] callees that return a value and change an array they are given: the gradient
/// matches central differences whether the value is used, decides a branch, becomes an index or is
/// dropped (each evaluation on a fresh copy, as the function changes its arguments).
/// </summary>
public class CalleesChangingArraysTests
{
    [Theory]
    [InlineData(1.5)]
    [InlineData(0.1)]
    public void A_data_array_halved_in_an_if_condition_after_a_loop_read_it(double scale)
    {
        double[] w = { 0.7, -1.2, 0.4 };
        double[] x = { 0.9 * scale, 1.3 * scale, 1.1 * scale };
        double[] g = new double[3];
        double value = CalleesChangingArrays.DataHalvedInAConditionGradient((double[])w.Clone(), (double[])x.Clone(), g);
        GradientAssert.Matches(p => CalleesChangingArrays.DataHalvedInACondition(p, (double[])x.Clone()), w, value, g);
    }

    public static TheoryData<string, double> InputsChanged() => new()
    {
        { nameof(CalleesChangingArrays.InputsHalvedInACondition), 1.5 },
        { nameof(CalleesChangingArrays.InputsHalvedInACondition), 0.1 },
        { nameof(CalleesChangingArrays.InputsHalvedInAnElseIf), 0.1 },
        { nameof(CalleesChangingArrays.InputsHalvedInAnElseIf), 1.5 },
        { nameof(CalleesChangingArrays.InputsHalvedInAnElseIf), 2.0 },
        { nameof(CalleesChangingArrays.InputsHalvedResultDropped), 1.0 },
        { nameof(CalleesChangingArrays.InputsHalvedResultUsed), 1.0 },
        { nameof(CalleesChangingArrays.InputsHalvedIntoAnIndex), 1.5 },
        { nameof(CalleesChangingArrays.InputsHalvedIntoAnIndex), 0.4 },
    };

    [Theory]
    [MemberData(nameof(InputsChanged))]
    public void Inputs_halved_by_a_callee_whose_value_is_used_tested_or_dropped(string name, double scale)
    {
        (Func<double[], double> f, Func<double[], double[], double> gradient) = name switch
        {
            nameof(CalleesChangingArrays.InputsHalvedInACondition) => ((Func<double[], double>)CalleesChangingArrays.InputsHalvedInACondition, (Func<double[], double[], double>)((p, g) => CalleesChangingArrays.InputsHalvedInAConditionGradient(p, g))),
            nameof(CalleesChangingArrays.InputsHalvedInAnElseIf) => (CalleesChangingArrays.InputsHalvedInAnElseIf, (p, g) => CalleesChangingArrays.InputsHalvedInAnElseIfGradient(p, g)),
            nameof(CalleesChangingArrays.InputsHalvedResultDropped) => (CalleesChangingArrays.InputsHalvedResultDropped, (p, g) => CalleesChangingArrays.InputsHalvedResultDroppedGradient(p, g)),
            nameof(CalleesChangingArrays.InputsHalvedResultUsed) => (CalleesChangingArrays.InputsHalvedResultUsed, (p, g) => CalleesChangingArrays.InputsHalvedResultUsedGradient(p, g)),
            _ => (CalleesChangingArrays.InputsHalvedIntoAnIndex, (p, g) => CalleesChangingArrays.InputsHalvedIntoAnIndexGradient(p, g)),
        };
        double[] w = { 0.9 * scale, 1.3 * scale, 1.1 * scale };
        double[] grad = new double[3];
        double value = gradient((double[])w.Clone(), grad);
        GradientAssert.Matches(p => f((double[])p.Clone()), w, value, grad);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.1)]
    public void The_pullback_of_a_method_whose_callee_changes_its_inputs_scales_the_gradient_by_the_seed(double scale)
    {
        // Nothing reads w after the call returns: its adjoint comes in as zero and leaves as seed · ∇.
        double[] w = { 0.9 * scale, 1.3 * scale, 1.1 * scale };
        double[] g = new double[3];
        CalleesChangingArrays.InputsHalvedInAConditionGradient((double[])w.Clone(), g);
        double[] adjoint = new double[3];
        CalleesChangingArrays.InputsHalvedInAConditionPullback((double[])w.Clone(), 2.0, adjoint);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(2 * g[i], adjoint[i], 12);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_slice_normalized_in_a_loop_whose_norm_only_decides_a_branch(int rounds)
    {
        double[] w = { 0.3, 0.8, -0.5, 0.9, 0.2 };
        double[] g = new double[w.Length];
        double value = CalleesChangingArrays.SliceNormalizedInALoopGradient((double[])w.Clone(), rounds, g);
        GradientAssert.Matches(p => CalleesChangingArrays.SliceNormalizedInALoop((double[])p.Clone(), rounds), w, value, g);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 6)]
    public void Power_iteration_differentiated_through_the_normalization(int n, int iterations)
    {
        double[] a = SymmetricMatrix(n);
        double[] g = new double[a.Length];
        double value = CalleesChangingArrays.PowerIterationGradient(a, n, iterations, g);
        GradientAssert.Matches(p => CalleesChangingArrays.PowerIteration(p, n, iterations), a, value, g);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 5)]
    public void Rayleigh_quotient_after_normalizations_whose_results_are_dropped(int n, int iterations)
    {
        double[] a = SymmetricMatrix(n);
        double[] g = new double[a.Length];
        double value = CalleesChangingArrays.RayleighAfterPowerIterationGradient(a, n, iterations, g);
        GradientAssert.Matches(p => CalleesChangingArrays.RayleighAfterPowerIteration(p, n, iterations), a, value, g);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Recursive_callees_one_reading_and_one_halving_the_array(int n)
    {
        double[] w = RandomPoints.Uniform(new Random(n), n, -1, 1);
        double[] g = new double[n];
        double value = CalleesChangingArrays.RecursionsGradient((double[])w.Clone(), g);
        GradientAssert.Matches(p => CalleesChangingArrays.Recursions((double[])p.Clone()), w, value, g);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(-1.4)]
    public void A_dropped_call_whose_factor_is_overwritten_after_it(double x)
    {
        double[] point = { 0.7, 1.2, x };
        double[] g = new double[2];
        double value = CalleesChangingArrays.FactorOverwrittenAfterADroppedCallGradient(new[] { point[0], point[1] }, x, g, out double gx);
        GradientAssert.Matches(p => CalleesChangingArrays.FactorOverwrittenAfterADroppedCall(new[] { p[0], p[1] }, p[2]), point, value, new[] { g[0], g[1], gx });
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(-1.4)]
    public void An_element_a_callee_stores_without_reading_it(double x)
    {
        double[] point = { 0.7, 1.2, x };
        double[] g = new double[2];
        double value = CalleesChangingArrays.ReadWhatACalleeStoredGradient(new[] { point[0], point[1] }, x, g, out double gx);
        GradientAssert.Matches(p => CalleesChangingArrays.ReadWhatACalleeStored(new[] { p[0], p[1] }, p[2]), point, value, new[] { g[0], g[1], gx });
    }

    [Theory]
    [InlineData(1.3, 0.5)]
    [InlineData(0.5, 1.2)]
    [InlineData(2.5, 0.2)]
    public void Elements_read_and_written_at_an_index_a_changing_call_computes(double w0, double w1)
    {
        // Indices 0, 1 and 2: the call halves w₀ once, not again in the reverse sweep.
        double[] point = { w0, w1, 0.3, 0.7, -0.4, 0.9 };
        double[] W(double[] p) => new[] { p[0], p[1] };
        double[] V(double[] p) => new[] { p[2], p[3], p[4] };
        double[] g = new double[2], gv = new double[3];
        double value = CalleesChangingArrays.ElementAtACalledIndexGradient(W(point), V(point), point[5], g, gv, out double gx);
        GradientAssert.Matches(p => CalleesChangingArrays.ElementAtACalledIndex(W(p), V(p), p[5]), point, value, new[] { g[0], g[1], gv[0], gv[1], gv[2], gx });
        value = CalleesChangingArrays.StoreAtACalledIndexGradient(W(point), V(point), point[5], g, gv, out gx);
        GradientAssert.Matches(p => CalleesChangingArrays.StoreAtACalledIndex(W(p), V(p), p[5]), point, value, new[] { g[0], g[1], gv[0], gv[1], gv[2], gx });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void An_argument_drawn_by_a_call_is_drawn_once(int start)
    {
        double[] point = { 0.7, 1.3, 0.5, 2.0 };
        double[] g = new double[2], gx = new double[2];
        double value = CalleesChangingArrays.DrawnArgumentInAConditionGradient(new[] { point[0], point[1] }, new[] { point[2], point[3] }, new[] { start }, g, gx);
        GradientAssert.Matches(p => CalleesChangingArrays.DrawnArgumentInACondition(new[] { p[0], p[1] }, new[] { p[2], p[3] }, new[] { start }), point, value, new[] { g[0], g[1], gx[0], gx[1] });
    }

    private static double[] SymmetricMatrix(int n)
    {
        double[] random = RandomPoints.Uniform(new Random(n), n * n, -1, 1);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i * n + j] = random[Math.Min(i, j) * n + Math.Max(i, j)] + (i == j ? n : 0);
            }
        }

        return a;
    }
}
