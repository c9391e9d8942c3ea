using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>TensorPrimitives reductions and kernels in differentiable code, against central differences.</summary>
public class TensorPrimitiveCallsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_layer_through_dot_products_and_a_softmax_cross_entropy(int label)
    {
        var random = new Random(3);
        double[] weights = RandomPoints.Uniform(random, 12, -1, 1);
        double[] input = RandomPoints.Uniform(random, 4, -1.5, 1.5);
        double[] g = new double[weights.Length];
        double value = TensorPrimitiveCalls.LayerThenSoftMaxCrossEntropyGradient(weights, input, label, g);
        GradientAssert.Matches(p => TensorPrimitiveCalls.LayerThenSoftMaxCrossEntropy(p, input, label), weights, value, g);
    }

    [Fact]
    public void Reductions_sums_norms_distances_and_extremes()
    {
        double[] w = { 0.7, -0.4, 1.2, 0.3, -0.9 };
        double[] target = { 0.1, 0.5, -0.2 };
        double[] g = new double[w.Length];
        double value = TensorPrimitiveCalls.ReductionsGradient(w, target, g);
        GradientAssert.Matches(p => TensorPrimitiveCalls.Reductions(p, target), w, value, g);
    }

    [Fact]
    public void Element_wise_kernels_chained()
    {
        double[] w = { 0.7, -0.4, 0.2, 0.3 };
        double[] g = new double[w.Length];
        double scaleGrad;
        double value = TensorPrimitiveCalls.ChainedKernelsGradient(w, 0.6, g, out scaleGrad);
        GradientAssert.Matches(p => TensorPrimitiveCalls.ChainedKernels(p[..4], p[4]), Pack.Of(w, 0.6), value, Pack.Of(g, scaleGrad));
    }

    [Fact]
    public void Float_rows_through_dot_products_and_max()
    {
        float[] weights = { 0.3f, -0.2f, 0.5f, 0.8f, -0.6f, 0.1f };
        float[] input = { 1f, 0.5f, -0.4f };
        float[] g = new float[weights.Length];
        float value = TensorPrimitiveCalls.FloatRowsLogSumExpGradient(weights, input, g);
        GradientAssert.Matches(p => TensorPrimitiveCalls.FloatRowsLogSumExp(p, input), weights, value, g);
    }
}
