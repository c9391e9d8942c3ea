using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Span and array locals naming (part of) another array, against central differences.</summary>
public class SpanViewsTests
{
    [Fact]
    public void A_mixture_written_with_views_of_parameters_and_data()
    {
        var random = new Random(7);
        const int d = 3, k = 4;
        double[] parameters = RandomPoints.Uniform(random, 2 * k * d, -0.6, 0.6);
        double[] x = RandomPoints.Uniform(random, 5 * d, -1.5, 1.5);
        double[] g = new double[parameters.Length];
        double value = SpanViews.MixtureWithViewsGradient(parameters, x, d, k, g);
        GradientAssert.Matches(p => SpanViews.MixtureWithViews(p, x, d, k), parameters, value, g);
    }

    [Fact]
    public void K_means_with_jagged_rows_taken_into_locals()
    {
        var random = new Random(8);
        double[][] centers = RandomPoints.Uniform(random, 3, 2, -1, 1);
        double[][] points = RandomPoints.Uniform(random, 7, 2, -1.5, 1.5);
        double[][] g = RandomPoints.ZerosLike(centers);
        double value = SpanViews.KMeansWithRowsGradient(centers, points, g);
        double[] flat = Pack.Of(centers);
        GradientAssert.Matches(p => SpanViews.KMeansWithRows(new Unpack<double>(p).Next(centers), points), flat, value, Pack.Of(g));
    }

    [Fact]
    public void Halves_of_a_local_array_written_through_views_and_a_kernel_writing_into_one()
    {
        double[] w = { 0.4, -0.3, 0.8, 0.2, -0.5 };
        double[] input = { 0.9, -1.1, 0.6 };
        double[] g = new double[w.Length];
        double value = SpanViews.HalvesWrittenThroughViewsGradient(w, input, g);
        GradientAssert.Matches(p => SpanViews.HalvesWrittenThroughViews(p, input), w, value, g);

        double[] v = { 0.7, -0.4, 1.2 };
        g = new double[v.Length];
        value = SpanViews.KernelIntoAViewGradient(v, g);
        GradientAssert.Matches(SpanViews.KernelIntoAView, v, value, g);
    }

    [Fact]
    public void The_whole_array_under_other_names_and_views_to_the_end()
    {
        double[] w = { 0.7, -0.4, 1.2, 0.3 };
        double[] g = new double[w.Length];
        double value = SpanViews.WholeArrayAndTailsGradient(w, g);
        GradientAssert.Matches(SpanViews.WholeArrayAndTails, w, value, g);
    }

    [Fact]
    public void A_parameter_written_through_another_name_is_put_back()
    {
        double[] x = { 0.7, -0.4, 1.2 };
        double[] given = (double[])x.Clone();
        double[] g = new double[x.Length];
        double value = SpanViews.ParameterWrittenThroughAnotherNameGradient(given, g);
        Assert.Equal(x, given);
        Assert.Equal(x[1] * x[2] * x[1] * x[2] + x[1], value, 12);
        Assert.Equal(0, g[0]);
        Assert.Equal((2 * x[1] * x[2] * x[2]) + 1, g[1], 12);
        Assert.Equal(2 * x[1] * x[1] * x[2], g[2], 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Rows_chosen_each_step_and_overwritten_in_turn(int steps)
    {
        double[] w = { 0.7, -0.4, 1.2, 0.3 };
        double[] g = new double[w.Length];
        double value = SpanViews.RowsOverwrittenInTurnGradient(w, steps, g);
        GradientAssert.Matches(p => SpanViews.RowsOverwrittenInTurn(p, steps), w, value, g);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Views_of_views_and_views_at_drawn_starts(int cursor)
    {
        double[] w = { 0.7, -0.4, 1.2 };
        double[] g = new double[w.Length];
        double value = SpanViews.ViewsOfViewsAndDrawnStartsGradient(w, new[] { cursor }, g);
        GradientAssert.Matches(p => SpanViews.ViewsOfViewsAndDrawnStarts(p, new[] { cursor }), w, value, g);
    }

    [Fact]
    public void Float_rows_of_a_packed_matrix()
    {
        float[] weights = { 0.3f, -0.2f, 0.5f, 0.8f };
        float[] matrix = { 1f, 0.5f, -0.4f, -1f, 0.2f, 0.9f };
        float[] g = new float[weights.Length];
        float value = SpanViews.RowsOfAPackedMatrixGradient(weights, matrix, 3, g);
        GradientAssert.Matches(p => SpanViews.RowsOfAPackedMatrix(p, matrix, 3), weights, value, g);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Rows_and_bounds_drawn_once_for_views_inside_views(int cursor)
    {
        double[][] rows = { new[] { 0.7, -0.4, 1.2 }, new[] { 0.3, 0.9, -0.6 } };
        double[][] g = RandomPoints.ZerosLike(rows);
        double value = SpanViews.DrawnViewsInsideViewsGradient(rows, new[] { cursor }, g);
        GradientAssert.Matches(p => SpanViews.DrawnViewsInsideViews(new Unpack<double>(p).Next(rows), new[] { cursor }), Pack.Of(rows), value, Pack.Of(g));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Rows_normalized_in_place_through_views(int d)
    {
        double[] w = { 0.7, -0.4, 1.2, 0.3, 0.9, -0.6 };
        double[] g = new double[w.Length];
        double value = SpanViews.RowsNormalizedThroughViewsGradient(w, d, g);
        GradientAssert.Matches(p => SpanViews.RowsNormalizedThroughViews(p, d), w, value, g);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_view_whose_length_is_a_difference(int n)
    {
        double[] w = { 0.7, -0.4, 1.2, 0.3 };
        double[] g = new double[w.Length];
        double value = SpanViews.PartialTailGradient(w, n, g);
        GradientAssert.Matches(p => SpanViews.PartialTail(p, n), w, value, g);
    }

    [Fact]
    public void A_kernel_between_two_views_of_one_array()
    {
        double[] w = { 0.7, -0.4, 1.2 };
        double[] g = new double[w.Length];
        double value = SpanViews.KernelBetweenHalvesGradient(w, g);
        GradientAssert.Matches(SpanViews.KernelBetweenHalves, w, value, g);
    }

    [Fact]
    public void Foreach_over_the_rows_of_a_jagged_array()
    {
        double[][] rows = { new[] { 0.7, -0.4 }, new[] { 1.2, 0.3 }, new[] { -0.5, 0.9 } };
        double[] scale = { 1.5, -0.5 };
        double[][] g = RandomPoints.ZerosLike(rows);
        double value = SpanViews.ForeachOverRowsGradient(rows, scale, g);
        GradientAssert.Matches(p => SpanViews.ForeachOverRows(new Unpack<double>(p).Next(rows), scale), Pack.Of(rows), value, Pack.Of(g));
    }
}
