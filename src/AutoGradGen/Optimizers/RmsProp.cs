using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoGradGen.Optimizers;

/// <summary>Hyperparameters of <see cref="RmsProp{T}"/>, with PyTorch's defaults (γ = 0.01, α = 0.99, ε = 1e-8).</summary>
public sealed record RmsPropOptions : OptimizerOptions
{
    /// <summary>Defaults: learning rate 0.01.</summary>
    public RmsPropOptions() => LearningRate = 1e-2;

    /// <summary>Smoothing constant α of the squared-gradient average.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>ε added to the root.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; init; }

    /// <summary>Centered: normalize by the variance estimate v − ḡ² instead of v.</summary>
    public bool Centered { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireUnitInterval(Alpha, nameof(Alpha));
        RequireNonNegative(Epsilon, nameof(Epsilon));
        RequireNonNegative(Momentum, nameof(Momentum));
    }
}

/// <summary>Per-parameter state of <see cref="RmsProp{T}"/>.</summary>
public sealed class RmsPropState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal RmsPropState(int length, RmsPropOptions options)
    {
        SquareAverage = new T[length];
        GradientAverage = options.Centered ? new T[length] : null;
        MomentumBuffer = options.Momentum > 0 ? new T[length] : null;
        Scratch = new T[length];
    }

    /// <summary>Steps taken.</summary>
    public long Step { get; internal set; }

    /// <summary>v: the running average of g².</summary>
    public T[] SquareAverage { get; }

    /// <summary>ḡ: the running average of g (centered only).</summary>
    public T[]? GradientAverage { get; }

    /// <summary>b: the momentum buffer (momentum only).</summary>
    public T[]? MomentumBuffer { get; }

    internal T[] Scratch { get; }
}

/// <summary>
/// RMSProp, as <c>torch.optim.RMSprop</c>. For each step, with g ← ∇θ (negated when maximizing)
/// and g ← g + λθ when λ &gt; 0:
/// <code>
/// v ← α v + (1 − α) g²
/// centered: ḡ ← α ḡ + (1 − α) g,   d ← √(v − ḡ²) + ε      else d ← √v + ε
/// μ &gt; 0:    b ← μ b + g / d,       θ ← θ − γ b              else θ ← θ − γ g / d
/// </code>
/// </summary>
public sealed class RmsProp<T> : Optimizer<T, RmsPropOptions, RmsPropState<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public RmsProp(IEnumerable<Parameter<T>> parameters, RmsPropOptions options)
        : this(new[] { new ParameterGroup<T, RmsPropOptions>(parameters, options) })
    {
    }

    /// <summary>Several groups, each with its own hyperparameters.</summary>
    public RmsProp(IEnumerable<ParameterGroup<T, RmsPropOptions>> groups)
        : base(groups)
    {
    }

    /// <summary>"RMSprop", as PyTorch's class.</summary>
    public override string Kind => "RMSprop";

    /// <inheritdoc/>
    protected override IEnumerable<(string Key, T[] Values)> StateTensors(RmsPropState<T> state)
    {
        yield return ("square_avg", state.SquareAverage);
        if (state.MomentumBuffer is { } momentum)
        {
            yield return ("momentum_buffer", momentum);
        }

        if (state.GradientAverage is { } average)
        {
            yield return ("grad_avg", average);
        }
    }

    /// <inheritdoc/>
    protected override long? StateStep(RmsPropState<T> state) => state.Step;

    /// <inheritdoc/>
    protected override void RestoreStep(RmsPropState<T> state, long step) => state.Step = step;

    /// <inheritdoc/>
    protected override RmsPropState<T> CreateState(Parameter<T> parameter, RmsPropOptions options) => new(parameter.Length, options);

    /// <inheritdoc/>
    protected override void Update(Parameter<T> parameter, RmsPropOptions options, double learningRate, RmsPropState<T> state)
    {
        ReadOnlySpan<T> g = EffectiveGradient(parameter, options.Maximize, options.WeightDecay, state.Scratch);
        state.Step++;
        T alpha = Cast(options.Alpha);
        T rest = Cast(1 - options.Alpha);
        T epsilon = Cast(options.Epsilon);
        T rate = Cast(learningRate);
        T momentum = Cast(options.Momentum);
        Span<T> value = parameter.Value;
        T[] v = state.SquareAverage;
        for (int i = 0; i < value.Length; i++)
        {
            v[i] = (v[i] * alpha) + (rest * g[i] * g[i]);
            T average = v[i];
            if (state.GradientAverage is { } mean)
            {
                mean[i] = (mean[i] * alpha) + (rest * g[i]);
                average -= mean[i] * mean[i];
            }

            T denominator = T.Sqrt(average) + epsilon;
            if (state.MomentumBuffer is { } b)
            {
                b[i] = (b[i] * momentum) + (g[i] / denominator);
                value[i] -= rate * b[i];
            }
            else
            {
                value[i] -= rate * (g[i] / denominator);
            }
        }
    }
}
