using System;
using System.Numerics;
using System.Collections.Generic;

namespace AutoGradGen.Layers;

/// <summary>
/// Batch normalization over the batch dimension (PyTorch's <c>nn.BatchNorm1d</c> on <c>batch × features</c>):
/// in training mode each feature is normalized with the batch's mean μ_B and biased variance σ²_B,
/// y = γ (x − μ_B) / √(σ²_B + ε) + β, and the running statistics move toward the batch's:
/// μ ← (1 − m) μ + m μ_B, σ² ← (1 − m) σ² + m σ²_B · N/(N − 1) (the unbiased variance), with momentum
/// m = 0.1 and ε = 1e-5 by default. In evaluation mode the running statistics take their place.
/// γ starts at 1, β at 0, μ at 0 and σ² at 1.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BatchNorm1d<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] runningMean;
    private readonly T[] runningVariance;
    private bool lastForwardTrained;

    /// <summary>Batch normalization of <paramref name="features"/> features.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or constant is out of range.</exception>
    public BatchNorm1d(int features, double momentum = 0.1, double epsilon = 1e-5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be in [0, 1].");
        }

        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive and finite.");
        }

        Features = features;
        Momentum = momentum;
        Epsilon = epsilon;
        Gamma = new Parameter<T>("weight", features);
        Gamma.Value.Fill(T.One);
        Beta = new Parameter<T>("bias", features);
        runningMean = new T[features];
        runningVariance = new T[features];
        Array.Fill(runningVariance, T.One);
    }

    /// <summary>Features per row.</summary>
    public int Features { get; }

    /// <summary>m in the running-statistics update.</summary>
    public double Momentum { get; }

    /// <summary>ε added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>γ, the scale (PyTorch's <c>weight</c>).</summary>
    public Parameter<T> Gamma { get; }

    /// <summary>β, the shift (PyTorch's <c>bias</c>).</summary>
    public Parameter<T> Beta { get; }

    /// <summary>The running mean per feature.</summary>
    public ReadOnlySpan<T> RunningMean => runningMean;

    /// <summary>The running (unbiased) variance per feature.</summary>
    public ReadOnlySpan<T> RunningVariance => runningVariance;

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters()
    {
        yield return ("weight", Gamma);
        yield return ("bias", Beta);
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, T[] Values)> NamedBuffers()
    {
        yield return ("running_mean", runningMean);
        yield return ("running_var", runningVariance);
    }

    /// <inheritdoc/>
    protected override Tensor<T> ForwardCore(Tensor<T> input)
    {
        RequireFeatures(input, Features);
        int batch = input.Rows;
        Tensor<T> output = OutputBuffer(batch, Features);
        lastForwardTrained = IsTraining;
        if (!IsTraining)
        {
            LayerKernels.BatchNormEval(input.Span, Gamma.Value, Beta.Value, runningMean, runningVariance, Features, T.CreateChecked(Epsilon), output.Span);
            return output;
        }

        if (batch < 2)
        {
            throw new ArgumentException($"BatchNorm1d in training mode needs more than one row per batch to estimate a variance, got {batch}; use a larger batch or Eval().", nameof(input));
        }

        LayerKernels.BatchNormTrain(input.Span, Gamma.Value, Beta.Value, batch, Features, T.CreateChecked(Epsilon), output.Span);
        UpdateRunningStatistics(input.Span, batch);
        return output;
    }

    /// <inheritdoc/>
    protected override Tensor<T> BackwardCore(Tensor<T> input, Tensor<T> outputGradient)
    {
        Tensor<T> inputGradient = InputGradientBuffer(input);
        Span<T> outputAdjoint = PullbackBuffers(outputGradient, out Span<T> rewritten);
        if (lastForwardTrained)
        {
            LayerKernels.BatchNormTrainPullback(input.Span, Gamma.Value, Beta.Value, input.Rows, Features, T.CreateChecked(Epsilon), rewritten, inputGradient.Span, Gamma.Gradient, Beta.Gradient, outputAdjoint);
        }
        else
        {
            LayerKernels.BatchNormEvalPullback(input.Span, Gamma.Value, Beta.Value, runningMean, runningVariance, Features, T.CreateChecked(Epsilon), rewritten, inputGradient.Span, Gamma.Gradient, Beta.Gradient, outputAdjoint);
        }

        return inputGradient;
    }

    private void UpdateRunningStatistics(ReadOnlySpan<T> input, int batch)
    {
        T momentum = T.CreateChecked(Momentum);
        T keep = T.One - momentum;
        T count = T.CreateChecked(batch);
        T besselCount = T.CreateChecked(batch - 1);
        for (int f = 0; f < Features; f++)
        {
            T mean = T.Zero;
            for (int row = 0; row < batch; row++)
            {
                mean += input[(row * Features) + f];
            }

            mean /= count;
            T squares = T.Zero;
            for (int row = 0; row < batch; row++)
            {
                T centered = input[(row * Features) + f] - mean;
                squares += centered * centered;
            }

            runningMean[f] = (keep * runningMean[f]) + (momentum * mean);
            runningVariance[f] = (keep * runningVariance[f]) + (momentum * squares / besselCount);
        }
    }
}
