using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoGradGen.Optimizers;

/// <summary>
/// Hyperparameters of <see cref="Adam{T}"/> and <see cref="AdamW{T}"/>, with PyTorch's defaults
/// (γ = 0.001, β = (0.9, 0.999), ε = 1e-8; weight decay 0 for Adam, 0.01 for AdamW).
/// </summary>
public sealed record AdamOptions : OptimizerOptions
{
    /// <summary>Defaults: learning rate 0.001.</summary>
    public AdamOptions() => LearningRate = 1e-3;

    /// <summary>β₁: decay of the first-moment average.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>β₂: decay of the second-moment average.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>ε added to the denominator.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>AMSGrad: divide by the running maximum of the second moment.</summary>
    public bool Amsgrad { get; init; }

    /// <summary>AdamW's defaults: as Adam's, with weight decay 0.01.</summary>
    public static AdamOptions AdamWDefaults => new() { WeightDecay = 1e-2 };

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireUnitInterval(Beta1, nameof(Beta1));
        RequireUnitInterval(Beta2, nameof(Beta2));
        RequireNonNegative(Epsilon, nameof(Epsilon));
    }
}

/// <summary>Per-parameter state of <see cref="Adam{T}"/> and <see cref="AdamW{T}"/>.</summary>
public sealed class AdamState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdamState(int length, bool amsgrad)
    {
        FirstMoment = new T[length];
        SecondMoment = new T[length];
        MaxSecondMoment = amsgrad ? new T[length] : null;
        Scratch = new T[length];
    }

    /// <summary>Steps taken, t.</summary>
    public long Step { get; internal set; }

    /// <summary>m: the running average of g.</summary>
    public T[] FirstMoment { get; }

    /// <summary>v: the running average of g².</summary>
    public T[] SecondMoment { get; }

    /// <summary>v̂ₘₐₓ: the running maximum of v (AMSGrad only).</summary>
    public T[]? MaxSecondMoment { get; }

    internal T[] Scratch { get; }
}

/// <summary>What <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> share: their per-parameter state and its checkpoint form.</summary>
/// <typeparam name="T">The parameters' element type.</typeparam>
public abstract class AdamFamily<T> : Optimizer<T, AdamOptions, AdamState<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>An optimizer over <paramref name="groups"/>.</summary>
    private protected AdamFamily(IEnumerable<ParameterGroup<T, AdamOptions>> groups)
        : base(groups)
    {
    }

    /// <inheritdoc/>
    protected override IEnumerable<(string Key, T[] Values)> StateTensors(AdamState<T> state)
    {
        yield return ("exp_avg", state.FirstMoment);
        yield return ("exp_avg_sq", state.SecondMoment);
        if (state.MaxSecondMoment is { } max)
        {
            yield return ("max_exp_avg_sq", max);
        }
    }

    /// <inheritdoc/>
    protected override long? StateStep(AdamState<T> state) => state.Step;

    /// <inheritdoc/>
    protected override void RestoreStep(AdamState<T> state, long step) => state.Step = step;

    /// <inheritdoc/>
    protected override AdamState<T> CreateState(Parameter<T> parameter, AdamOptions options) => new(parameter.Length, options.Amsgrad);
}

/// <summary>
/// Adam, as <c>torch.optim.Adam</c>. For each step t, with g ← ∇θ (negated when maximizing) and
/// g ← g + λθ when λ &gt; 0 (L2 penalty in the gradient; see <see cref="AdamW{T}"/> for decoupled decay):
/// <code>
/// m ← β₁ m + (1 − β₁) g
/// v ← β₂ v + (1 − β₂) g²
/// AMSGrad: v̂ ← max(v̂, v), use v̂ below instead of v
/// θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
public sealed class Adam<T> : AdamFamily<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public Adam(IEnumerable<Parameter<T>> parameters, AdamOptions options)
        : this(new[] { new ParameterGroup<T, AdamOptions>(parameters, options) })
    {
    }

    /// <summary>Several groups, each with its own hyperparameters.</summary>
    public Adam(IEnumerable<ParameterGroup<T, AdamOptions>> groups)
        : base(groups)
    {
    }

    /// <summary>"Adam", as PyTorch's class.</summary>
    public override string Kind => "Adam";

    /// <inheritdoc/>
    protected override void Update(Parameter<T> parameter, AdamOptions options, double learningRate, AdamState<T> state)
    {
        ReadOnlySpan<T> g = EffectiveGradient(parameter, options.Maximize, options.WeightDecay, state.Scratch);
        AdamRule.Apply(parameter.Value, g, options, learningRate, state);
    }
}

/// <summary>
/// AdamW, as <c>torch.optim.AdamW</c>: Adam with weight decay decoupled from the gradient. For each
/// step, first θ ← θ (1 − γλ), then the Adam update of <see cref="Adam{T}"/> with g ← ∇θ (negated
/// when maximizing) and no L2 term. Create it with <see cref="AdamOptions.AdamWDefaults"/> for
/// PyTorch's default λ = 0.01.
/// </summary>
public sealed class AdamW<T> : AdamFamily<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
    public AdamW(IEnumerable<Parameter<T>> parameters, AdamOptions options)
        : this(new[] { new ParameterGroup<T, AdamOptions>(parameters, options) })
    {
    }

    /// <summary>Several groups, each with its own hyperparameters.</summary>
    public AdamW(IEnumerable<ParameterGroup<T, AdamOptions>> groups)
        : base(groups)
    {
    }

    /// <summary>"AdamW", as PyTorch's class.</summary>
    public override string Kind => "AdamW";

    /// <inheritdoc/>
    protected override void Update(Parameter<T> parameter, AdamOptions options, double learningRate, AdamState<T> state)
    {
        Span<T> value = parameter.Value;
        T shrink = Cast(1 - (learningRate * options.WeightDecay));
        for (int i = 0; i < value.Length; i++)
        {
            value[i] *= shrink;
        }

        ReadOnlySpan<T> g = EffectiveGradient(parameter, options.Maximize, weightDecay: 0, state.Scratch);
        AdamRule.Apply(value, g, options, learningRate, state);
    }
}

/// <summary>The moment updates and step shared by Adam and AdamW.</summary>
internal static class AdamRule
{
    public static void Apply<T>(Span<T> value, ReadOnlySpan<T> g, AdamOptions options, double learningRate, AdamState<T> state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        state.Step++;
        T beta1 = T.CreateTruncating(options.Beta1);
        T beta2 = T.CreateTruncating(options.Beta2);
        T keep1 = T.CreateTruncating(1 - options.Beta1);
        T keep2 = T.CreateTruncating(1 - options.Beta2);
        double biasCorrection1 = 1 - Math.Pow(options.Beta1, state.Step);
        double biasCorrection2 = 1 - Math.Pow(options.Beta2, state.Step);
        T stepSize = T.CreateTruncating(learningRate / biasCorrection1);
        T correction2Root = T.CreateTruncating(Math.Sqrt(biasCorrection2));
        T epsilon = T.CreateTruncating(options.Epsilon);
        T[] m = state.FirstMoment;
        T[] v = state.SecondMoment;
        T[]? vMax = state.MaxSecondMoment;
        int i = 0;
        if (vMax is null && Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            // The same operations in the same order on whole vectors: bit-identical to the scalar loop.
            var beta1s = new Vector<T>(beta1);
            var beta2s = new Vector<T>(beta2);
            var keep1s = new Vector<T>(keep1);
            var keep2s = new Vector<T>(keep2);
            var stepSizes = new Vector<T>(stepSize);
            var roots = new Vector<T>(correction2Root);
            var epsilons = new Vector<T>(epsilon);
            ref T valueStart = ref MemoryMarshal.GetReference(value);
            ref T gStart = ref MemoryMarshal.GetReference(g);
            ref T mStart = ref MemoryMarshal.GetArrayDataReference(m);
            ref T vStart = ref MemoryMarshal.GetArrayDataReference(v);
            for (; i <= value.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                nuint at = (nuint)i;
                Vector<T> gradient = Vector.LoadUnsafe(ref gStart, at);
                Vector<T> first = (Vector.LoadUnsafe(ref mStart, at) * beta1s) + (gradient * keep1s);
                Vector<T> second = (Vector.LoadUnsafe(ref vStart, at) * beta2s) + (keep2s * gradient * gradient);
                first.StoreUnsafe(ref mStart, at);
                second.StoreUnsafe(ref vStart, at);
                Vector<T> denominator = (Vector.SquareRoot(second) / roots) + epsilons;
                (Vector.LoadUnsafe(ref valueStart, at) - (stepSizes * (first / denominator))).StoreUnsafe(ref valueStart, at);
            }
        }

        for (; i < value.Length; i++)
        {
            m[i] = (m[i] * beta1) + (g[i] * keep1);
            v[i] = (v[i] * beta2) + (keep2 * g[i] * g[i]);
            T second = v[i];
            if (vMax is not null)
            {
                vMax[i] = T.Max(vMax[i], v[i]);
                second = vMax[i];
            }

            T denominator = (T.Sqrt(second) / correction2Root) + epsilon;
            value[i] -= stepSize * (m[i] / denominator);
        }
    }
}
