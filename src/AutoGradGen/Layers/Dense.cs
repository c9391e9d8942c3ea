using System;
using System.Numerics;
using System.Collections.Generic;

namespace AutoGradGen.Layers;

/// <summary>
/// An affine layer y = x·Wᵀ + b (PyTorch's <c>nn.Linear</c>): W is <c>outFeatures × inFeatures</c>,
/// initialized as PyTorch does by default (uniform in ±1/√inFeatures, for W and b); use
/// <see cref="Initialize"/> on <see cref="Weight"/> for Xavier or He initialization.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dense<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A dense layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>, its initial values drawn with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Dense(int inFeatures, int outFeatures, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter<T>("weight", checked(outFeatures * inFeatures));
        Bias = new Parameter<T>("bias", outFeatures);
        Initialize.DenseDefault(Weight.Value, inFeatures, seed);
        Initialize.DenseDefault(Bias.Value, inFeatures, unchecked(seed * 31 + 17));
    }

    /// <summary>Inputs per row.</summary>
    public int InFeatures { get; }

    /// <summary>Outputs per row.</summary>
    public int OutFeatures { get; }

    /// <summary>W, <see cref="OutFeatures"/> × <see cref="InFeatures"/>, row-major.</summary>
    public Parameter<T> Weight { get; }

    /// <summary>b, <see cref="OutFeatures"/> values.</summary>
    public Parameter<T> Bias { get; }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters()
    {
        yield return ("weight", Weight);
        yield return ("bias", Bias);
    }

    /// <inheritdoc/>
    protected override Tensor<T> ForwardCore(Tensor<T> input)
    {
        RequireFeatures(input, InFeatures);
        Tensor<T> output = OutputBuffer(input.Rows, OutFeatures);
        MatMul.Multiply(input.Span, Weight.Value, output.Span, input.Rows, InFeatures, OutFeatures, Transpose.B);
        LayerKernels.AddBias(Bias.Value, OutFeatures, output.Span);
        return output;
    }

    /// <inheritdoc/>
    protected override Tensor<T> BackwardCore(Tensor<T> input, Tensor<T> outputGradient)
    {
        // Back through y ← y + b (generated: b̄ += column sums of ȳ; ȳ passes through), then through
        // y = x·Wᵀ with the product's registered derivative: x̄ += ȳ·W, W̄ += ȳᵀ·x.
        Span<T> outputAdjoint = PullbackBuffers(outputGradient, out Span<T> outputs);
        LayerKernels.AddBiasPullback(Bias.Value, OutFeatures, outputs, Bias.Gradient, outputAdjoint);
        if (!InputGradientRequested)
        {
            // Only W̄ += ȳᵀ·x: the product the input gradient needs is skipped (Backward discards the result).
            MatMul.Multiply(outputAdjoint, input.Span, Weight.Gradient, OutFeatures, input.Rows, InFeatures, Transpose.A, accumulate: true);
            return outputGradient;
        }

        Tensor<T> inputGradient = InputGradientBuffer(input);
        MatMul.MultiplyPullback(input.Span, Weight.Value, outputs, input.Rows, InFeatures, OutFeatures, Transpose.B, false, inputGradient.Span, Weight.Gradient, outputAdjoint);
        return inputGradient;
    }
}
