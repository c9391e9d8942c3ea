using System;
using System.Numerics;

namespace AutoGradGen.Layers;

/// <summary>
/// Inverted dropout (PyTorch's <c>nn.Dropout</c>): in training mode each value is zeroed with
/// probability p and the rest are scaled by 1/(1 − p), so evaluation needs no rescaling; in
/// evaluation mode it passes values through. The masks come from a seeded generator: the same seed
/// gives the same masks.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dropout<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Random random;
    private T[] mask = Array.Empty<T>();
    private bool lastForwardTrained;

    /// <summary>Dropout with probability <paramref name="p"/> of zeroing each value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout(double p = 0.5, int seed = 0)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout probability must be in [0, 1].");
        }

        P = p;
        random = new Random(seed);
    }

    /// <summary>The probability of zeroing a value.</summary>
    public double P { get; }

    /// <inheritdoc/>
    protected override Tensor<T> ForwardCore(Tensor<T> input)
    {
        lastForwardTrained = IsTraining && P > 0;
        if (!lastForwardTrained)
        {
            Tensor<T> copy = OutputBufferLike(input);
            input.Span.CopyTo(copy.Span);
            return copy;
        }

        if (mask.Length < input.Length)
        {
            mask = new T[input.Length];
        }

        T keep = P >= 1 ? T.Zero : T.CreateChecked(1 / (1 - P));
        for (int i = 0; i < input.Length; i++)
        {
            mask[i] = random.NextDouble() < P ? T.Zero : keep;
        }

        Tensor<T> output = OutputBufferLike(input);
        LayerKernels.Mask(input.Span, mask.AsSpan(0, input.Length), output.Span);
        return output;
    }

    /// <inheritdoc/>
    protected override Tensor<T> BackwardCore(Tensor<T> input, Tensor<T> outputGradient)
    {
        if (!lastForwardTrained)
        {
            Tensor<T> passed = InputGradientBuffer(input);
            outputGradient.Span.CopyTo(passed.Span);
            return passed;
        }

        Tensor<T> inputGradient = InputGradientBuffer(input);
        Span<T> outputAdjoint = PullbackBuffers(outputGradient, out Span<T> outputs);
        LayerKernels.MaskPullback(input.Span, mask.AsSpan(0, input.Length), outputs, inputGradient.Span, outputAdjoint);
        return inputGradient;
    }
}
