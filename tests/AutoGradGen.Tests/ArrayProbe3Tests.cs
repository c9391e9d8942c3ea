using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>The <see cref="ArrayProbe3"/> corpus against central differences (float: a looser step and tolerance).</summary>
public class ArrayProbe3Tests
{
    private static readonly double[] W = { 0.7, -0.4, 1.3, 0.2 };

    [Fact] public void KernelInLoop() { var x = new double[] { 0.5, 1, -1, 2, 0.3, -0.2 }; var w = new double[] { 0.1, 0.2, -0.3, 0.4, 0.5, -0.6 }; var g = new double[6]; double v = ArrayProbe3.KernelInLoopGradient(w, x, 2, g); GradientAssert.Matches(p => ArrayProbe3.KernelInLoop(p, x, 2), w, v, g); }
    [Fact] public void ReturnInNestedLoop() { foreach (var w in new[] { W, new[] { 0.1, 0.2, 0.1, 0.3 } }) { var g = new double[4]; double v = ArrayProbe3.ReturnInNestedLoopGradient(w, g); GradientAssert.Matches(ArrayProbe3.ReturnInNestedLoop, w, v, g); } }
    [Fact] public void ContinueAndCompound() { var g = new double[4]; double v = ArrayProbe3.ContinueAndCompoundGradient(W, g); GradientAssert.Matches(ArrayProbe3.ContinueAndCompound, W, v, g); }
    [Fact] public void DoWhileActive() { var g = new double[4]; double v = ArrayProbe3.DoWhileActiveGradient(W, g); GradientAssert.Matches(ArrayProbe3.DoWhileActive, W, v, g); }
    [Fact] public void IndexFromModifiedIntArray() { var g = new double[4]; double v = ArrayProbe3.IndexFromModifiedIntArrayGradient(W, new[] { 0, 2, 3, 1, 1 }, g); GradientAssert.Matches(p => ArrayProbe3.IndexFromModifiedIntArray(p, new[] { 0, 2, 3, 1, 1 }), W, v, g); }
    [Fact] public void MaxWithTies() { var w = new double[] { 0.7, -0.4, 1.3, -1.3 }; var g = new double[4]; double v = ArrayProbe3.MaxWithTiesGradient(w, g); Assert.Equal(1.3 * 0.7, v, 12); Assert.Equal(0.35, g[2], 12); Assert.Equal(-0.35, g[3], 12); } // the tie |w₂| = |w₃| splits w₀ = 0.7 in half
    [Fact] public void IndependentRows() { var x = new double[] { 0.5, 1, -1, 2, 0.3, -0.2, 1, 1, 0, 0, 2, -1 }; var g = new double[4]; double v = ArrayProbe3.IndependentRowsGradient(W, x, 3, g); GradientAssert.Matches(p => ArrayProbe3.IndependentRows(p, x, 3), W, v, g); }
    [Fact] public void FloatMix()
    {
        float[] w = { 0.7f, -0.4f, 1.3f, 0.2f };
        float[] g = new float[4];
        float v = ArrayProbe3.FloatMixGradient(w, g);
        for (int i = 0; i < 4; i++)
        {
            double h = 1e-3;
            float[] up = (float[])w.Clone(); up[i] += (float)h; float[] dn = (float[])w.Clone(); dn[i] -= (float)h;
            double numeric = (ArrayProbe3.FloatMix(up) - ArrayProbe3.FloatMix(dn)) / (up[i] - dn[i]);
            Assert.True(Math.Abs(numeric - g[i]) < 1e-2 * Math.Max(1, Math.Abs(numeric)), $"{i}: {g[i]} vs {numeric}");
        }
    }

    [Fact]
    public void JaggedLayers()
    {
        double[][] w = { new[] { 0.2, -0.5, 0.3 }, new[] { -0.7, 0.1, 0.4 } };
        double[][] g = { new double[3], new double[3] };
        double[] x = { 1, 2, -1 };
        double v = ArrayProbe3.JaggedLayersGradient(w, x, g);
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 3; c++)
            {
                double[][] up = { (double[])w[0].Clone(), (double[])w[1].Clone() }; up[r][c] += 1e-6;
                double[][] dn = { (double[])w[0].Clone(), (double[])w[1].Clone() }; dn[r][c] -= 1e-6;
                double numeric = (ArrayProbe3.JaggedLayers(up, x) - ArrayProbe3.JaggedLayers(dn, x)) / 2e-6;
                Assert.True(Math.Abs(numeric - g[r][c]) < 1e-6, $"{r},{c}: {g[r][c]} vs {numeric}");
            }
    }

    [Fact] public void TwoOutputsOneArray() { var g = new double[4]; double v = ArrayProbe3.TwoOutputsOneArrayGradient(W, g); GradientAssert.Matches(ArrayProbe3.TwoOutputsOneArray, W, v, g); }
    [Fact] public void LocalArrayReassignedPerIteration() { var g = new double[4]; double v = ArrayProbe3.LocalArrayReassignedPerIterationGradient(W, g); GradientAssert.Matches(ArrayProbe3.LocalArrayReassignedPerIteration, W, v, g); }

    [Fact] public void WrappedSpan() { var g = new double[3]; double v = ArrayProbe3.WrappedSpanGradient(new[] { 0.7, -0.4, 1.3 }, g); GradientAssert.Matches(ArrayProbe3.WrappedSpan, new[] { 0.7, -0.4, 1.3 }, v, g); }
    [Fact] public void WrappedSlice() { var g = new double[3]; double v = ArrayProbe3.WrappedSliceGradient(new[] { 0.7, -0.4, 1.3 }, g); GradientAssert.Matches(ArrayProbe3.WrappedSlice, new[] { 0.7, -0.4, 1.3 }, v, g); }

    [Fact] public void BranchLocalArray() { foreach (bool b in new[] { true, false }) { var g = new double[4]; double v = ArrayProbe3.BranchLocalArrayGradient(W, b, g); GradientAssert.Matches(p => ArrayProbe3.BranchLocalArray(p, b), W, v, g); } }
    [Fact] public void ForeachActive() { var g = new double[4]; double v = ArrayProbe3.ForeachActiveGradient(W, g); GradientAssert.Matches(ArrayProbe3.ForeachActive, W, v, g); }
    [Fact] public void CallsEarlyReturn() { var g = new double[4]; double v = ArrayProbe3.CallsEarlyReturnGradient(W, g); GradientAssert.Matches(ArrayProbe3.CallsEarlyReturn, W, v, g); }
    [Fact]
    public void KernelIntoJaggedRowSlice()
    {
        double[][] h = { new[] { 0.5, -1.0, 2.0 }, new double[6] };
        double[][] gh = { new double[3], new double[6] };
        double[] gw = new double[4];
        double v = ArrayProbe3.KernelIntoJaggedRowSliceGradient(W, h, gw, gh);
        GradientAssert.Matches(p => ArrayProbe3.KernelIntoJaggedRowSlice(p, new[] { new[] { 0.5, -1.0, 2.0 }, new double[6] }), W, v, gw);
    }
}
