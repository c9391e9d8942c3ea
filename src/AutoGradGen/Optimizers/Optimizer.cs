using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoGradGen.Optimizers;

/// <summary>A set of parameters that share hyperparameters (PyTorch's parameter group).</summary>
/// <typeparam name="T">The parameters' element type.</typeparam>
/// <typeparam name="TOptions">The optimizer's hyperparameters.</typeparam>
public sealed class ParameterGroup<T, TOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    /// <summary>A group of <paramref name="parameters"/> trained with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The group is empty or holds a parameter twice.</exception>
    public ParameterGroup(IEnumerable<Parameter<T>> parameters, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Options = options ?? throw new ArgumentNullException(nameof(options));
        var list = new List<Parameter<T>>(parameters);
        if (list.Count == 0)
        {
            throw new ArgumentException("A parameter group needs at least one parameter.", nameof(parameters));
        }

        if (new HashSet<Parameter<T>>(list).Count != list.Count)
        {
            throw new ArgumentException("A parameter appears twice in the group.", nameof(parameters));
        }

        Parameters = list;
        LearningRate = options.LearningRate;
    }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The hyperparameters given at construction.</summary>
    public TOptions Options { get; }

    /// <summary>The current learning rate; starts at <see cref="OptimizerOptions.LearningRate"/> and is changed by schedules.</summary>
    public double LearningRate { get; set; }
}

/// <summary>Hyperparameters every optimizer has.</summary>
public abstract record OptimizerOptions
{
    /// <summary>The learning rate γ.</summary>
    public double LearningRate { get; init; }

    /// <summary>The L2 penalty λ added to the gradient (g ← g + λθ), as PyTorch's <c>weight_decay</c>.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Ascend instead of descend (g ← −g), as PyTorch's <c>maximize</c>.</summary>
    public bool Maximize { get; init; }

    /// <summary>Throws when a hyperparameter is out of its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite.</exception>
    public virtual void Validate()
    {
        RequireNonNegative(LearningRate, nameof(LearningRate));
        RequireNonNegative(WeightDecay, nameof(WeightDecay));
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    protected static void RequireNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite value ≥ 0.");
        }
    }

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> &lt; 1.</summary>
    protected static void RequireUnitInterval(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }
    }
}

/// <summary>
/// The optimizer family's shared shape (PyTorch's <c>torch.optim.Optimizer</c>): parameter groups
/// with their own hyperparameters, per-parameter state created lazily at the first
/// <see cref="Step"/>, <see cref="ZeroGrad"/> to clear gradients.
/// </summary>
public abstract class Optimizer<T, TOptions, TState> : ILearningRateGroups, IOptimizer
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
    where TState : class
{
    private readonly Dictionary<Parameter<T>, TState> states = new();

    /// <summary>An optimizer over <paramref name="groups"/>; each group's options are validated.</summary>
    /// <exception cref="ArgumentException">No group, or a parameter in two groups.</exception>
    protected Optimizer(IEnumerable<ParameterGroup<T, TOptions>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = new List<ParameterGroup<T, TOptions>>(groups);
        if (list.Count == 0)
        {
            throw new ArgumentException("An optimizer needs at least one parameter group.", nameof(groups));
        }

        var seen = new HashSet<Parameter<T>>();
        foreach (ParameterGroup<T, TOptions> group in list)
        {
            group.Options.Validate();
            foreach (Parameter<T> parameter in group.Parameters)
            {
                if (!seen.Add(parameter))
                {
                    throw new ArgumentException($"Parameter '{parameter.Name}' is in more than one group.", nameof(groups));
                }
            }
        }

        Groups = list;
    }

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<ParameterGroup<T, TOptions>> Groups { get; }

    /// <inheritdoc/>
    public int GroupCount => Groups.Count;

    /// <inheritdoc/>
    public double GetLearningRate(int group) => Groups[group].LearningRate;

    /// <inheritdoc/>
    public void SetLearningRate(int group, double learningRate) => Groups[group].LearningRate = learningRate;

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (ParameterGroup<T, TOptions> group in Groups)
        {
            foreach (Parameter<T> parameter in group.Parameters)
            {
                parameter.Gradient.Clear();
            }
        }
    }

    /// <summary>Updates every parameter from its gradient by the optimizer's rule.</summary>
    public void Step()
    {
        foreach (ParameterGroup<T, TOptions> group in Groups)
        {
            foreach (Parameter<T> parameter in group.Parameters)
            {
                if (!states.TryGetValue(parameter, out TState? state))
                {
                    state = CreateState(parameter, group.Options);
                    states.Add(parameter, state);
                }

                Update(parameter, group.Options, group.LearningRate, state);
            }
        }
    }

    /// <summary>The state of <paramref name="parameter"/>, or null before its first step.</summary>
    public TState? StateOf(Parameter<T> parameter) => states.TryGetValue(parameter, out TState? state) ? state : null;

    /// <summary>Creates a parameter's state at its first step.</summary>
    protected abstract TState CreateState(Parameter<T> parameter, TOptions options);

    /// <summary>Applies one step of the rule to one parameter.</summary>
    protected abstract void Update(Parameter<T> parameter, TOptions options, double learningRate, TState state);

    /// <summary>A hyperparameter in the parameters' precision.</summary>
    protected static T Cast(double value) => T.CreateTruncating(value);

    /// <summary>g ← (maximize ? −g : g) + λθ, into <paramref name="destination"/> (PyTorch's first two lines of every rule).</summary>
    protected static void EffectiveGradient(Parameter<T> parameter, OptimizerOptions options, Span<T> destination)
    {
        ReadOnlySpan<T> gradient = parameter.Gradient;
        ReadOnlySpan<T> value = parameter.Value;
        T decay = Cast(options.WeightDecay);
        for (int i = 0; i < destination.Length; i++)
        {
            T g = options.Maximize ? -gradient[i] : gradient[i];
            destination[i] = options.WeightDecay != 0 ? g + (decay * value[i]) : g;
        }
    }
}

/// <summary>What a training loop needs of any optimizer, whatever its rule and precision.</summary>
public interface IOptimizer
{
    /// <summary>Sets every parameter's gradient to zero.</summary>
    void ZeroGrad();

    /// <summary>Updates every parameter from its gradient.</summary>
    void Step();
}

/// <summary>What a learning-rate schedule needs of an optimizer: its groups' learning rates.</summary>
public interface ILearningRateGroups
{
    /// <summary>Number of parameter groups.</summary>
    int GroupCount { get; }

    /// <summary>The current learning rate of group <paramref name="group"/>.</summary>
    double GetLearningRate(int group);

    /// <summary>Sets the learning rate of group <paramref name="group"/>.</summary>
    void SetLearningRate(int group, double learningRate);
}
