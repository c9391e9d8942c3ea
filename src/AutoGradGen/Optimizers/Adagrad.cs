using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoGradGen.Optimizers;

/// <summary>Hyperparameters of <see cref="Adagrad{T}"/>, with PyTorch's defaults (γ = 0.01, ε = 1e-10).</summary>
public sealed record AdagradOptions : OptimizerOptions
{
    /// <summary>Defaults: learning rate 0.01.</summary>
    public AdagradOptions() => LearningRate = 1e-2;

    /// <summary>Learning-rate decay η: the step t uses γ / (1 + (t − 1) η).</summary>
    public double LearningRateDecay { get; init; }

    /// <summary>The sum of squares' starting value.</summary>
    public double InitialAccumulatorValue { get; init; }

    /// <summary>ε added to √sum.</summary>
    public double Epsilon { get; init; } = 1e-10;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireNonNegative(LearningRateDecay, nameof(LearningRateDecay));
        RequireNonNegative(InitialAccumulatorValue, nameof(InitialAccumulatorValue));
        RequireNonNegative(Epsilon, nameof(Epsilon));
    }
}

/// <summary>Per-parameter state of <see cref="Adagrad{T}"/>: the step count and the sum of squared gradients.</summary>
public sealed class AdagradState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdagradState(int length, T initial)
    {
        Sum = new T[length];
        Sum.AsSpan().Fill(initial);
        Scratch = new T[length];
    }

    /// <summary>Steps taken.</summary>
    public long Step { get; internal set; }

    /// <summary>Σ g², starting at the initial accumulator value.</summary>
    public T[] Sum { get; }

    internal T[] Scratch { get; }
}

/// <summary>
/// AdaGrad, as <c>torch.optim.Adagrad</c>. For each step t, with g ← ∇θ (negated when maximizing)
/// and g ← g + λθ when λ &gt; 0:
/// <code>
/// γ̃ ← γ / (1 + (t − 1) η)
/// s ← s + g²
/// θ ← θ − γ̃ g / (√s + ε)
/// </code>
/// </summary>
public sealed class Adagrad<T> : Optimizer<T, AdagradOptions, AdagradState<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public Adagrad(IEnumerable<Parameter<T>> parameters, AdagradOptions options)
        : this(new[] { new ParameterGroup<T, AdagradOptions>(parameters, options) })
    {
    }

    /// <summary>Several groups, each with its own hyperparameters.</summary>
    public Adagrad(IEnumerable<ParameterGroup<T, AdagradOptions>> groups)
        : base(groups)
    {
    }

    /// <summary>"Adagrad", as PyTorch's class.</summary>
    public override string Kind => "Adagrad";

    /// <inheritdoc/>
    protected override IEnumerable<(string Key, T[] Values)> StateTensors(AdagradState<T> state)
        => new[] { ("sum", state.Sum) };

    /// <inheritdoc/>
    protected override long? StateStep(AdagradState<T> state) => state.Step;

    /// <inheritdoc/>
    protected override void RestoreStep(AdagradState<T> state, long step) => state.Step = step;

    /// <inheritdoc/>
    protected override AdagradState<T> CreateState(Parameter<T> parameter, AdagradOptions options)
        => new(parameter.Length, Cast(options.InitialAccumulatorValue));

    /// <inheritdoc/>
    protected override void Update(Parameter<T> parameter, AdagradOptions options, double learningRate, AdagradState<T> state)
    {
        ReadOnlySpan<T> g = EffectiveGradient(parameter, options.Maximize, options.WeightDecay, state.Scratch);
        state.Step++;
        T rate = Cast(learningRate / (1 + ((state.Step - 1) * options.LearningRateDecay)));
        T epsilon = Cast(options.Epsilon);
        Span<T> value = parameter.Value;
        T[] sum = state.Sum;
        for (int i = 0; i < value.Length; i++)
        {
            sum[i] += g[i] * g[i];
            value[i] -= rate * (g[i] / (T.Sqrt(sum[i]) + epsilon));
        }
    }
}
