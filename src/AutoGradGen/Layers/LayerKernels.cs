using System;
using System.Numerics;

namespace AutoGradGen.Layers;

/// <summary>
/// The forward computations of the layers, written as <see cref="DifferentiableAttribute"/> kernels:
/// every layer's backward pass is the generated <c>…Pullback</c> of its kernel — <see cref="Dense{T}"/>'s
/// is <see cref="AddBias{T}"/>'s, followed by <see cref="MatMul"/>'s registered derivative. Batches are
/// row-major <c>batch × features</c> spans.
/// </summary>
public static partial class LayerKernels
{
    /// <summary>y = x·Wᵀ + b for a batch: W is <c>outFeatures × inFeatures</c> (PyTorch's <c>nn.Linear</c> layout).</summary>
    /// <remarks>
    /// Written for <see cref="DifferentiableAttribute"/> callers (its pullback chains through
    /// <see cref="MatMul"/>'s registered derivative). <see cref="Dense{T}"/> itself calls the product and
    /// <see cref="AddBias{T}"/> separately, so that its backward pass does not recompute the product
    /// (a kernel's generated pullback re-runs its forward computation first).
    /// </remarks>
    [Differentiable]
    public static void Affine(ReadOnlySpan<double> input, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, int batch, int inFeatures, int outFeatures, Span<double> output)
    {
        MatMul.Multiply(input, weight, output, batch, inFeatures, outFeatures, Transpose.B, false);
        AddBias(bias, outFeatures, output);
    }

    /// <summary>y ← y + b on every row: ∂/∂b is the column sums of ȳ, and ȳ passes through to y's old value.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void AddBias<T>(ReadOnlySpan<T> bias, int features, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int batch = output.Length / features;
        for (int row = 0; row < batch; row++)
        {
            for (int o = 0; o < features; o++)
            {
                output[row * features + o] += bias[o];
            }
        }
    }

    /// <summary>y = max(x, 0); the derivative at 0 is 0, as PyTorch's <c>relu</c>.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void Relu<T>(ReadOnlySpan<T> input, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = input[i] > T.Zero ? input[i] : T.Zero;
        }
    }

    /// <summary>y = x for x &gt; 0, else slope·x; the derivative at 0 is the slope, as PyTorch's <c>leaky_relu</c>.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void LeakyRelu<T>(ReadOnlySpan<T> input, [NoDiff] T slope, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = input[i] > T.Zero ? input[i] : slope * input[i];
        }
    }

    /// <summary>y = 1 / (1 + e⁻ˣ); dy/dx = y(1 − y).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void Sigmoid<T>(ReadOnlySpan<T> input, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = T.One / (T.One + T.Exp(-input[i]));
        }
    }

    /// <summary>y = tanh x; dy/dx = 1 − y².</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void Tanh<T>(ReadOnlySpan<T> input, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = T.Tanh(input[i]);
        }
    }

    /// <summary>Softmax of each row: yⱼ = exp(xⱼ − max x) / Σₖ exp(xₖ − max x).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void Softmax<T>(ReadOnlySpan<T> input, int features, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int batch = input.Length / features;
        for (int row = 0; row < batch; row++)
        {
            int start = row * features;
            T max = input[start];
            for (int j = 1; j < features; j++)
            {
                max = T.Max(max, input[start + j]);
            }

            T sum = T.Zero;
            for (int j = 0; j < features; j++)
            {
                output[start + j] = T.Exp(input[start + j] - max);
                sum += output[start + j];
            }

            for (int j = 0; j < features; j++)
            {
                output[start + j] = output[start + j] / sum;
            }
        }
    }

    /// <summary>
    /// Batch normalization with the batch's statistics (training mode): per feature f,
    /// μ = mean over the batch, σ² = biased variance, y = γ (x − μ) / √(σ² + ε) + β.
    /// The gradient flows through μ and σ² too.
    /// </summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void BatchNormTrain<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, int batch, int features, [NoDiff] T epsilon, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int f = 0; f < features; f++)
        {
            T mean = T.Zero;
            for (int row = 0; row < batch; row++)
            {
                mean += input[row * features + f];
            }

            mean /= T.CreateChecked(batch);
            T variance = T.Zero;
            for (int row = 0; row < batch; row++)
            {
                T centered = input[row * features + f] - mean;
                variance += centered * centered;
            }

            variance /= T.CreateChecked(batch);
            T scale = gamma[f] / T.Sqrt(variance + epsilon);
            for (int row = 0; row < batch; row++)
            {
                output[row * features + f] = (input[row * features + f] - mean) * scale + beta[f];
            }
        }
    }

    /// <summary>Batch normalization with fixed (running) statistics (evaluation mode): y = γ (x − μ) / √(σ² + ε) + β.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void BatchNormEval<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, [NoDiff] ReadOnlySpan<T> mean, [NoDiff] ReadOnlySpan<T> variance, int features, [NoDiff] T epsilon, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int batch = input.Length / features;
        for (int f = 0; f < features; f++)
        {
            T scale = gamma[f] / T.Sqrt(variance[f] + epsilon);
            for (int row = 0; row < batch; row++)
            {
                output[row * features + f] = (input[row * features + f] - mean[f]) * scale + beta[f];
            }
        }
    }

    /// <summary>y = x · mask, the mask holding 0 (dropped) or 1 / (1 − p) (kept, inverted dropout).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    [Differentiable]
    public static void Mask<T>(ReadOnlySpan<T> input, [NoDiff] ReadOnlySpan<T> mask, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = input[i] * mask[i];
        }
    }
}
