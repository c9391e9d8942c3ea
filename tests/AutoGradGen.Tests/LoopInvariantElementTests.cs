using System;
using System.Linq;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Reverse loops that keep one element of a local array (or of its adjoint) in a local for the loop's
/// duration, and loops where that would be wrong; every gradient against central differences.
/// </summary>
public class LoopInvariantElementTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Column_wise_triangular_product(int d)
    {
        int lowerCount = d * (d - 1) / 2;
        double[] point = Sequence(d + lowerCount + d, 0.37);
        double[] gradient = new double[point.Length];
        double value = LoopInvariantElements.ColumnWiseProductGradient(
            point.AsSpan(0, d), point.AsSpan(d, lowerCount), point.AsSpan(d + lowerCount, d),
            gradient.AsSpan(0, d), gradient.AsSpan(d, lowerCount), gradient.AsSpan(d + lowerCount, d));
        GradientAssert.Matches(
            p => LoopInvariantElements.ColumnWiseProduct(p.AsSpan(0, d), p.AsSpan(d, lowerCount), p.AsSpan(d + lowerCount, d)),
            point,
            value,
            gradient);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Column_wise_triangular_product_in_single_precision(int d)
    {
        int lowerCount = d * (d - 1) / 2;
        float[] point = Sequence(lowerCount + d, 0.21).Select(v => (float)v).ToArray();
        float[] gradient = new float[point.Length];
        float value = LoopInvariantElements.ColumnWiseProductSingleGradient(
            point.AsSpan(0, lowerCount), point.AsSpan(lowerCount, d), gradient.AsSpan(0, lowerCount), gradient.AsSpan(lowerCount, d));
        GradientAssert.Matches(
            p => LoopInvariantElements.ColumnWiseProductSingle(p.AsSpan(0, lowerCount), p.AsSpan(lowerCount, d)),
            point,
            value,
            gradient);
    }

    [Fact]
    public void Column_wise_triangular_product_over_a_type_parameter()
    {
        const int d = 4;
        const int lowerCount = d * (d - 1) / 2;
        double[] point = Sequence(lowerCount + d, 0.13);
        double[] gradient = new double[point.Length];
        double value = LoopInvariantElements.ColumnWiseProductGenericGradient<double>(
            point.AsSpan(0, lowerCount), point.AsSpan(lowerCount, d), gradient.AsSpan(0, lowerCount), gradient.AsSpan(lowerCount, d));
        GradientAssert.Matches(
            p => LoopInvariantElements.ColumnWiseProductGeneric<double>(p.AsSpan(0, lowerCount), p.AsSpan(lowerCount, d)),
            point,
            value,
            gradient);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(2, 0)]
    public void Element_read_and_overwritten_on_every_inner_iteration(int rows, int steps)
    {
        double[] point = Sequence(rows + steps, 0.29);
        double[] gradient = new double[point.Length];
        double value = LoopInvariantElements.RecurrencesGradient(
            point.AsSpan(0, rows), point.AsSpan(rows, steps), gradient.AsSpan(0, rows), gradient.AsSpan(rows, steps));
        GradientAssert.Matches(
            p => LoopInvariantElements.Recurrences(p.AsSpan(0, rows), p.AsSpan(rows, steps)),
            point,
            value,
            gradient);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Element_passed_by_ref_to_a_pullback(int c)
    {
        double[] point = Sequence(4, 0.55);
        double[] gradient = new double[point.Length];
        double value = LoopInvariantElements.ElementPassedToAPullbackGradient(point, c, gradient);
        GradientAssert.Matches(p => LoopInvariantElements.ElementPassedToAPullback(p, c), point, value, gradient);
    }

    [Fact]
    public void Array_read_at_a_second_index_in_the_same_loop()
    {
        double[] point = Sequence(5, 0.43);
        double[] gradient = new double[point.Length];
        double value = LoopInvariantElements.CoupledRowsGradient(point, gradient);
        GradientAssert.Matches(p => LoopInvariantElements.CoupledRows(p), point, value, gradient);
    }

    [Fact]
    public void Element_touched_only_under_a_branch()
    {
        double[] point = { 0.4, -0.3, 0.8, -1.1, 0.25, 0.6, -0.2 };
        double[] gradient = new double[point.Length];
        double value = LoopInvariantElements.ConditionalAccumulationGradient(point.AsSpan(0, 4), point.AsSpan(4, 3), gradient.AsSpan(0, 4), gradient.AsSpan(4, 3));
        GradientAssert.Matches(p => LoopInvariantElements.ConditionalAccumulation(p.AsSpan(0, 4), p.AsSpan(4, 3)), point, value, gradient);
    }

    /// <summary>Deterministic values in (−1, 1), different for every index.</summary>
    internal static double[] Sequence(int length, double phase)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = Math.Sin(1.7 * i + phase);
        }

        return values;
    }
}

/// <summary>Reverse loops carrying the element shared by consecutive iterations, and near misses; against central differences.</summary>
public class NeighbourElementTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void Reaction_chain_stencil(int n)
    {
        double[] point = LoopInvariantElementTests.Sequence(2 * n, 0.6);
        double[] gradient = new double[point.Length];
        double value = NeighbourElements.ChainGradient(point.AsSpan(0, n), point.AsSpan(n, n), gradient.AsSpan(0, n), gradient.AsSpan(n, n));
        GradientAssert.Matches(p => NeighbourElements.Chain(p.AsSpan(0, n), p.AsSpan(n, n)), point, value, gradient);
    }

    [Fact]
    public void Stencil_whose_pullback_gets_one_adjoint_for_both_parameters()
    {
        double[] point = LoopInvariantElementTests.Sequence(5, 1.1);
        double[] gradient = new double[point.Length];
        double value = NeighbourElements.ChainOfItselfGradient(point, gradient);
        GradientAssert.Matches(p => NeighbourElements.ChainOfItself(p), point, value, gradient);
    }

    [Fact]
    public void One_buffer_for_two_gradients_is_refused()
    {
        double[] point = LoopInvariantElementTests.Sequence(4, 0.3);
        double[] shared = new double[4];
        var error = Assert.Throws<ArgumentException>(() => NeighbourElements.ChainGradient(point, point, shared, shared));
        Assert.Contains("share memory", error.Message);

        double[] halves = new double[8];
        var overlapping = Assert.Throws<ArgumentException>(() => NeighbourElements.ChainGradient(point, point, halves.AsSpan(0, 4), halves.AsSpan(3, 4)));
        Assert.Equal("initialGrad", overlapping.ParamName);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Stencil_indexed_through_a_local(int n)
    {
        double[] point = LoopInvariantElementTests.Sequence(2 * n, 0.15);
        double[] gradient = new double[point.Length];
        double value = NeighbourElements.ChainThroughAnIndexLocalGradient(point.AsSpan(0, n), point.AsSpan(n, n), gradient.AsSpan(0, n), gradient.AsSpan(n, n));
        GradientAssert.Matches(p => NeighbourElements.ChainThroughAnIndexLocal(p.AsSpan(0, n), p.AsSpan(n, n)), point, value, gradient);
    }

    [Fact]
    public void Stencil_around_an_inner_loop()
    {
        double[] point = LoopInvariantElementTests.Sequence(5, 0.8);
        double[] weights = { 0.3, -0.2, 0.5 };
        double[] gradient = new double[point.Length];
        double value = NeighbourElements.StencilAroundAnInnerLoopGradient(point, weights, gradient);
        GradientAssert.Matches(p => NeighbourElements.StencilAroundAnInnerLoop(p, weights), point, value, gradient);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Loop_counting_down(int n)
    {
        double[] point = LoopInvariantElementTests.Sequence(n, 0.2);
        double[] gradient = new double[point.Length];
        double value = NeighbourElements.DownwardsGradient(point, gradient);
        GradientAssert.Matches(p => NeighbourElements.Downwards(p), point, value, gradient);
    }

    [Fact]
    public void Three_neighbours()
    {
        double[] point = LoopInvariantElementTests.Sequence(6, 0.9);
        double[] gradient = new double[point.Length];
        double value = NeighbourElements.ThreePointGradient(point, gradient);
        GradientAssert.Matches(p => NeighbourElements.ThreePoint(p), point, value, gradient);
    }

    [Fact]
    public void Neighbour_read_under_a_branch()
    {
        double[] point = { 0.4, -0.3, 0.8, -1.1, 0.25, 0.6 };
        double[] gradient = new double[point.Length];
        double value = NeighbourElements.GuardedNeighbourGradient(point, gradient);
        GradientAssert.Matches(p => NeighbourElements.GuardedNeighbour(p), point, value, gradient);
    }
}
