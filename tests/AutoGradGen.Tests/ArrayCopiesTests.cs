using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Copies of arrays carrying derivatives (CopyTo, Array.Copy, Clone, ToArray), against central differences.</summary>
public class ArrayCopiesTests
{
    private static readonly double[] Point = { 0.7, -0.4, 1.2, 0.3 };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_previous_state_copied_aside_each_step(int steps)
    {
        double[] w = { 0.5, -0.3, 0.2, 0.1, 0.6, -0.4, 0.3, 0.2, 0.5, 0.4, -0.2, 0.7 };
        double[] g = new double[w.Length];
        double value = ArrayCopies.PreviousStateCopiedGradient(w, steps, g);
        GradientAssert.Matches(p => ArrayCopies.PreviousStateCopied(p, steps), w, value, g);
    }

    [Fact]
    public void Copies_whole_and_at_offsets_clones_and_to_arrays()
    {
        double[] g = new double[Point.Length];
        double value = ArrayCopies.CopiesAtOffsetsGradient(Point, g);
        GradientAssert.Matches(ArrayCopies.CopiesAtOffsets, Point, value, g);
        value = ArrayCopies.ClonesAndToArraysGradient(Point, g);
        GradientAssert.Matches(ArrayCopies.ClonesAndToArrays, Point, value, g);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Copies_from_drawn_offsets(int cursor)
    {
        double[] g = new double[Point.Length];
        double value = ArrayCopies.CopiesFromDrawnOffsetsGradient(Point, new[] { cursor }, g);
        GradientAssert.Matches(p => ArrayCopies.CopiesFromDrawnOffsets(p, new[] { cursor }), Point, value, g);
    }

    [Fact]
    public void A_float_copy_kept_before_an_update()
    {
        float[] w = { 0.3f, -0.2f, 0.5f };
        float[] g = new float[w.Length];
        float value = ArrayCopies.FloatCopyBeforeUpdateGradient(w, g);
        GradientAssert.Matches(ArrayCopies.FloatCopyBeforeUpdate, w, value, g);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Counts_and_rows_drawn_once(int cursor)
    {
        double[][] rows = { new[] { 0.5, -0.8 }, new[] { 1.1, 0.4 } };
        double[] point = Pack.Of(Point, rows);
        double[] g = new double[Point.Length];
        double[][] rowsGrad = RandomPoints.ZerosLike(rows);
        double value = ArrayCopies.DrawnCountsAndRowsGradient(
            (double[])Point.Clone(), Array.ConvertAll(rows, r => (double[])r.Clone()), new[] { cursor }, g, rowsGrad);
        GradientAssert.Matches(
            p => { var u = new Unpack<double>(p); return ArrayCopies.DrawnCountsAndRows(u.Next(Point), u.Next(rows), new[] { cursor }); },
            point, value, Pack.Of(g, rowsGrad));
    }
}
