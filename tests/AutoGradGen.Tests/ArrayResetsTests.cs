using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Arrays carrying derivatives cleared and filled (Array.Clear/Fill, span.Clear/Fill), against central differences.</summary>
public class ArrayResetsTests
{
    private static readonly double[] Point = { 0.7, -0.4, 1.2, 0.3 };

    [Fact]
    public void An_accumulator_cleared_per_point()
    {
        var random = new Random(11);
        double[] w = RandomPoints.Uniform(random, 6, -1, 1);
        double[] x = RandomPoints.Uniform(random, 8, -2, 2);
        double[] g = new double[w.Length];
        double value = ArrayResets.AccumulatorClearedPerPointGradient(w, x, 2, g);
        GradientAssert.Matches(p => ArrayResets.AccumulatorClearedPerPoint(p, x, 2), w, value, g);
    }

    [Fact]
    public void A_recurrent_state_cleared_per_sequence()
    {
        double[] w = { 0.8, -0.6, 0.3 };
        double[] sequences = { 0.5, -1.0, 0.25, 1.5, 0.75, -0.5 };
        double[] g = new double[w.Length];
        double value = ArrayResets.StateClearedPerSequenceGradient(w, sequences, 3, g);
        GradientAssert.Matches(p => ArrayResets.StateClearedPerSequence(p, sequences, 3), w, value, g);
    }

    [Fact]
    public void Fills_with_values_that_depend_on_the_inputs()
    {
        double[] g = new double[Point.Length];
        double value = ArrayResets.FilledWithActiveValuesGradient((double[])Point.Clone(), g);
        GradientAssert.Matches(ArrayResets.FilledWithActiveValues, Point, value, g);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Parts_cleared_at_drawn_starts(int cursor)
    {
        double[] g = new double[Point.Length];
        double value = ArrayResets.PartsClearedAtDrawnStartsGradient((double[])Point.Clone(), new[] { cursor }, g);
        GradientAssert.Matches(p => ArrayResets.PartsClearedAtDrawnStarts(p, new[] { cursor }), Point, value, g);
    }

    [Fact]
    public void A_parameter_cleared_in_part_is_given_back()
    {
        double[] given = (double[])Point.Clone();
        double[] g = new double[Point.Length];
        double value = ArrayResets.ParameterClearedInPartGradient(given, g);
        Assert.Equal(Point, given);
        GradientAssert.Matches(p => ArrayResets.ParameterClearedInPart((double[])p.Clone()), Point, value, g);
    }

    [Fact]
    public void A_float_buffer_reset_each_round()
    {
        float[] w = { 0.3f, -0.2f, 0.5f };
        float[] g = new float[w.Length];
        float value = ArrayResets.FloatBufferResetGradient(w, g);
        GradientAssert.Matches(ArrayResets.FloatBufferReset, w, value, g);
    }

    [Fact]
    public void A_buffer_cleared_between_calls_that_change_it()
    {
        double[] g = new double[Point.Length];
        double value = ArrayResets.ClearedBetweenChangingCallsGradient((double[])Point.Clone(), g);
        GradientAssert.Matches(ArrayResets.ClearedBetweenChangingCalls, Point, value, g);
    }
}
