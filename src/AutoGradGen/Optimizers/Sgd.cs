using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoGradGen.Optimizers;

/// <summary>Hyperparameters of <see cref="Sgd{T}"/> (PyTorch's defaults: no momentum, dampening or decay).</summary>
public sealed record SgdOptions : OptimizerOptions
{
    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; init; }

    /// <summary>Dampening τ of the momentum's new gradient.</summary>
    public double Dampening { get; init; }

    /// <summary>Nesterov momentum (requires μ &gt; 0 and τ = 0).</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireNonNegative(Momentum, nameof(Momentum));
        RequireNonNegative(Dampening, nameof(Dampening));
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires Momentum > 0 and Dampening = 0.", nameof(Nesterov));
        }
    }
}

/// <summary>Per-parameter state of <see cref="Sgd{T}"/>: the momentum buffer b, created at the first step.</summary>
public sealed class SgdState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal SgdState(int length) => Scratch = new T[length];

    /// <summary>The momentum buffer b (null until the first step with momentum).</summary>
    public T[]? MomentumBuffer { get; internal set; }

    internal T[] Scratch { get; }
}

/// <summary>
/// Stochastic gradient descent with momentum, as <c>torch.optim.SGD</c>. For each step t, with
/// g ← ∇θ (negated when maximizing) and g ← g + λθ when λ &gt; 0:
/// <code>
/// if μ ≠ 0:  b ← g                      at t = 1
///            b ← μ b + (1 − τ) g        after
///            g ← g + μ b   (Nesterov)   or   g ← b
/// θ ← θ − γ g
/// </code>
/// </summary>
public sealed class Sgd<T> : Optimizer<T, SgdOptions, SgdState<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public Sgd(IEnumerable<Parameter<T>> parameters, SgdOptions options)
        : this(new[] { new ParameterGroup<T, SgdOptions>(parameters, options) })
    {
    }

    /// <summary>Several groups, each with its own hyperparameters.</summary>
    public Sgd(IEnumerable<ParameterGroup<T, SgdOptions>> groups)
        : base(groups)
    {
    }

    /// <summary>"SGD", as PyTorch's class.</summary>
    public override string Kind => "SGD";

    /// <inheritdoc/>
    protected override IEnumerable<(string Key, T[] Values)> StateTensors(SgdState<T> state)
        => state.MomentumBuffer is { } buffer ? new[] { ("momentum_buffer", buffer) } : Array.Empty<(string, T[])>();

    /// <summary>None: SGD counts no steps.</summary>
    protected override long? StateStep(SgdState<T> state) => null;

    /// <inheritdoc/>
    protected override SgdState<T> RestoreState(Parameter<T> parameter, SgdOptions options, long? step, IReadOnlyDictionary<string, T[]> tensors)
        => new(parameter.Length)
        {
            MomentumBuffer = options.Momentum != 0 && tensors.TryGetValue("momentum_buffer", out T[]? buffer) ? (T[])buffer.Clone() : null,
        };

    /// <inheritdoc/>
    protected override SgdState<T> CreateState(Parameter<T> parameter, SgdOptions options) => new(parameter.Length);

    /// <inheritdoc/>
    protected override void Update(Parameter<T> parameter, SgdOptions options, double learningRate, SgdState<T> state)
    {
        // The Nesterov update rewrites g, so it works on a copy.
        Span<T> g = state.Scratch;
        ReadOnlySpan<T> effective = EffectiveGradient(parameter, options.Maximize, options.WeightDecay, g);
        if (effective != g)
        {
            effective.CopyTo(g);
        }
        if (options.Momentum != 0)
        {
            T momentum = Cast(options.Momentum);
            if (state.MomentumBuffer is null)
            {
                state.MomentumBuffer = g.ToArray();
            }
            else
            {
                T keep = Cast(1 - options.Dampening);
                T[] buffer = state.MomentumBuffer;
                for (int i = 0; i < g.Length; i++)
                {
                    buffer[i] = (buffer[i] * momentum) + (g[i] * keep);
                }
            }

            T[] b = state.MomentumBuffer;
            for (int i = 0; i < g.Length; i++)
            {
                g[i] = options.Nesterov ? g[i] + (b[i] * momentum) : b[i];
            }
        }

        Span<T> value = parameter.Value;
        T rate = Cast(learningRate);
        for (int i = 0; i < value.Length; i++)
        {
            value[i] -= rate * g[i];
        }
    }
}
