using System;
using System.Numerics.Tensors;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Differentiable code calling <see cref="TensorPrimitives"/> on spans that carry derivatives, through
/// the runtime's registered pullbacks: reductions (Dot, Sum, SumOfSquares, Norm, Distance, Max, Min)
/// and element-wise kernels (Exp, Log, Tanh, Sigmoid, SoftMax, Negate, Add, Subtract, Multiply).
/// </summary>
public static partial class TensorPrimitiveCalls
{
    /// <summary>A tanh layer h = tanh(W·x) row by row through Dot on views, then a softmax cross-entropy.</summary>
    [Differentiable]
    public static double LayerThenSoftMaxCrossEntropy(double[] weights, [NoDiff] double[] input, [NoDiff] int label)
    {
        int inputs = input.Length;
        int outputs = weights.Length / inputs;
        double[] hidden = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            hidden[o] = TensorPrimitives.Dot(weights.AsSpan(o * inputs, inputs), input);
        }

        double[] activated = new double[outputs];
        TensorPrimitives.Tanh(hidden, activated);
        double[] probabilities = new double[outputs];
        TensorPrimitives.SoftMax(activated, probabilities);
        return -Math.Log(probabilities[label]);
    }

    /// <summary>Reductions of one vector and its difference with another.</summary>
    [Differentiable]
    public static double Reductions(double[] w, [NoDiff] double[] target)
    {
        ReadOnlySpan<double> head = w.AsSpan(0, target.Length);
        return TensorPrimitives.Sum(w) * TensorPrimitives.Norm(head)
            + TensorPrimitives.SumOfSquares(head)
            + TensorPrimitives.Distance(head, target)
            + TensorPrimitives.Max(w) * 2
            - TensorPrimitives.Min(head);
    }

    /// <summary>Element-wise kernels chained through local arrays, a scalar multiple among them.</summary>
    [Differentiable]
    public static double ChainedKernels(double[] w, double scale)
    {
        int n = w.Length;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] c = new double[n];
        TensorPrimitives.Exp(w, a);
        TensorPrimitives.Sigmoid(w, b);
        TensorPrimitives.Multiply(a, b, c);
        TensorPrimitives.Add(c, w, a);
        TensorPrimitives.Subtract(a, b, c);
        TensorPrimitives.Multiply(c, scale, b);
        TensorPrimitives.Negate(b, a);
        TensorPrimitives.Exp(a, c);
        TensorPrimitives.Log(c, b);
        return TensorPrimitives.Dot(b, w) + TensorPrimitives.Sum(c);
    }

    /// <summary>Float: a dot product per row, the rows' outputs summed through a log-sum-exp via Max.</summary>
    [Differentiable]
    public static float FloatRowsLogSumExp(float[] weights, [NoDiff] float[] input)
    {
        int n = input.Length;
        float[] scores = new float[weights.Length / n];
        for (int r = 0; r < scores.Length; r++)
        {
            scores[r] = TensorPrimitives.Dot(weights.AsSpan(r * n, n), input);
        }

        float max = TensorPrimitives.Max(scores);
        float sum = 0;
        for (int r = 0; r < scores.Length; r++)
        {
            sum += MathF.Exp(scores[r] - max);
        }

        return MathF.Log(sum) + max + TensorPrimitives.SumOfSquares(weights) * 0.1f;
    }
}
