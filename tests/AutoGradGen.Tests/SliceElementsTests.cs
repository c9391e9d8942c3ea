using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Elements through slices taken in place, at literal and drawn bounds, against central differences.</summary>
public class SliceElementsTests
{
    private static readonly double[] Point = { 0.7, 1.3, 0.5, 2.0 };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Elements_read_and_written_through_slices_at_drawn_starts(int cursor)
    {
        double[] g = new double[4];
        double value = SliceElements.ReadAtDrawnStartsGradient((double[])Point.Clone(), new[] { cursor }, g);
        GradientAssert.Matches(p => SliceElements.ReadAtDrawnStarts(p, new[] { cursor }), Point, value, g);
        value = SliceElements.WriteAtDrawnStartsGradient((double[])Point.Clone(), new[] { cursor }, g);
        GradientAssert.Matches(p => SliceElements.WriteAtDrawnStarts(p, new[] { cursor }), Point, value, g);
        value = SliceElements.SumOverADrawnSliceGradient((double[])Point.Clone(), new[] { cursor }, g);
        GradientAssert.Matches(p => SliceElements.SumOverADrawnSlice(p, new[] { cursor }), Point, value, g);
    }

    [Fact]
    public void Elements_through_slices_at_literal_bounds_and_slices_of_slices()
    {
        double[] g = new double[4];
        double value = SliceElements.WriteAtALiteralStartGradient((double[])Point.Clone(), g);
        GradientAssert.Matches(SliceElements.WriteAtALiteralStart, Point, value, g);
        value = SliceElements.ReadThroughSlicesOfSlicesGradient((double[])Point.Clone(), g);
        GradientAssert.Matches(SliceElements.ReadThroughSlicesOfSlices, Point, value, g);
    }
}
