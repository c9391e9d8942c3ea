using System;
using System.Numerics;

namespace AutoGradGen.Layers;

/// <summary>A forward kernel from a batch of rows of <paramref name="features"/> values to outputs of the same shape.</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public delegate void ElementwiseKernel<T>(ReadOnlySpan<T> input, int features, Span<T> output);

/// <summary>The generated pullback of an <see cref="ElementwiseKernel{T}"/>.</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public delegate void ElementwiseKernelPullback<T>(ReadOnlySpan<T> input, int features, Span<T> output, Span<T> inputAdjoint, Span<T> outputAdjoint);

/// <summary>
/// A layer without parameters whose output has the input's shape, computed by a
/// <see cref="DifferentiableAttribute"/> kernel; its backward pass is the kernel's generated pullback.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class ElementwiseLayer<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ElementwiseKernel<T> kernel;
    private readonly ElementwiseKernelPullback<T> pullback;

    /// <summary>A layer computing <paramref name="kernel"/>, differentiated by <paramref name="pullback"/>.</summary>
    protected ElementwiseLayer(ElementwiseKernel<T> kernel, ElementwiseKernelPullback<T> pullback)
    {
        this.kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
        this.pullback = pullback ?? throw new ArgumentNullException(nameof(pullback));
    }

    /// <inheritdoc/>
    protected override Tensor<T> ForwardCore(Tensor<T> input)
    {
        if (input.Rank != 2 || input.Columns == 0)
        {
            throw new ArgumentException($"{GetType().Name} expects a batch × features input with at least one feature, got shape {input.ShapeText}.", nameof(input));
        }

        Tensor<T> output = OutputBufferLike(input);
        kernel(input.Span, input.Columns, output.Span);
        return output;
    }

    /// <inheritdoc/>
    protected override Tensor<T> BackwardCore(Tensor<T> input, Tensor<T> outputGradient)
    {
        Tensor<T> inputGradient = InputGradientBuffer(input);
        Span<T> outputAdjoint = PullbackBuffers(outputGradient, out Span<T> outputs);
        pullback(input.Span, input.Columns, outputs, inputGradient.Span, outputAdjoint);
        return inputGradient;
    }
}

/// <summary>ReLU: y = max(x, 0), with derivative 0 at 0 (PyTorch's <c>nn.ReLU</c>).</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ReLU<T> : ElementwiseLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A ReLU layer.</summary>
    public ReLU()
        : base((x, _, y) => LayerKernels.Relu(x, y), (x, _, y, xBar, yBar) => LayerKernels.ReluPullback(x, y, xBar, yBar))
    {
    }
}

/// <summary>Leaky ReLU: y = x for x &gt; 0, else slope·x (PyTorch's <c>nn.LeakyReLU</c>, slope 0.01 by default).</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class LeakyReLU<T> : ElementwiseLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A leaky ReLU with the given negative slope.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slope is not finite.</exception>
    public LeakyReLU(double negativeSlope = 0.01)
        : base(
            (x, _, y) => LayerKernels.LeakyRelu(x, T.CreateChecked(negativeSlope), y),
            (x, _, y, xBar, yBar) => LayerKernels.LeakyReluPullback(x, T.CreateChecked(negativeSlope), y, xBar, yBar))
    {
        if (!double.IsFinite(negativeSlope))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The negative slope must be finite.");
        }

        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }
}

/// <summary>Sigmoid: y = 1 / (1 + e⁻ˣ) (PyTorch's <c>nn.Sigmoid</c>).</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sigmoid<T> : ElementwiseLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A sigmoid layer.</summary>
    public Sigmoid()
        : base((x, _, y) => LayerKernels.Sigmoid(x, y), (x, _, y, xBar, yBar) => LayerKernels.SigmoidPullback(x, y, xBar, yBar))
    {
    }
}

/// <summary>Hyperbolic tangent: y = tanh x (PyTorch's <c>nn.Tanh</c>).</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Tanh<T> : ElementwiseLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A tanh layer.</summary>
    public Tanh()
        : base((x, _, y) => LayerKernels.Tanh(x, y), (x, _, y, xBar, yBar) => LayerKernels.TanhPullback(x, y, xBar, yBar))
    {
    }
}

/// <summary>Softmax over each row's features (PyTorch's <c>nn.Softmax(dim=1)</c>); for training prefer logits with <see cref="Loss.SoftmaxCrossEntropy"/>.</summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Softmax<T> : ElementwiseLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A softmax layer.</summary>
    public Softmax()
        : base(LayerKernels.Softmax<T>, LayerKernels.SoftmaxPullback<T>)
    {
    }
}
