using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
        for (int g = 0; g < Groups.Count; g++)
        {
            ParameterGroup<T, TOptions> group = Groups[g];
            for (int p = 0; p < group.Parameters.Count; p++)
            {
                group.Parameters[p].Gradient.Clear();
            }
        }
    }

    /// <summary>Updates every parameter from its gradient by the optimizer's rule.</summary>
    public void Step()
    {
        // Indexed loops: enumerating the IReadOnlyList interfaces would allocate an enumerator per step.
        for (int g = 0; g < Groups.Count; g++)
        {
            ParameterGroup<T, TOptions> group = Groups[g];
            for (int p = 0; p < group.Parameters.Count; p++)
            {
                Parameter<T> parameter = group.Parameters[p];
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

    /// <summary>
    /// The optimizer's kind, saved with its state and checked on load: PyTorch's class name
    /// (<c>"SGD"</c>, <c>"Adagrad"</c>, <c>"RMSprop"</c>, <c>"Adam"</c>, <c>"AdamW"</c>).
    /// </summary>
    public abstract string Kind { get; }

    /// <summary>
    /// A copy of the optimizer's state (PyTorch's <c>state_dict()</c>): every parameter's step
    /// counter and buffers under <c>state.&lt;name&gt;.&lt;key&gt;</c> (none for a parameter not
    /// stepped yet) and every group's current learning rate under <c>group.&lt;index&gt;.lr</c>.
    /// </summary>
    /// <param name="namedParameters">
    /// Names for the parameters, as <c>Module.NamedParameters()</c> gives them (a parameter's own
    /// <see cref="Parameter{T}.Name"/> need not be unique); it may name more parameters than the optimizer has.
    /// </param>
    /// <exception cref="ArgumentException">Two parameters share a name, or one of the optimizer's parameters has none.</exception>
    public OptimizerStateDict<T> StateDict(IEnumerable<(string Name, Parameter<T> Parameter)> namedParameters)
    {
        Dictionary<Parameter<T>, string> names = NameParameters(namedParameters);
        var buffers = new Dictionary<string, T[]>();
        var steps = new Dictionary<string, long>();
        var learningRates = new Dictionary<string, double>();
        for (int g = 0; g < Groups.Count; g++)
        {
            learningRates.Add(OptimizerStateNames.LearningRate(g), Groups[g].LearningRate);
            foreach (Parameter<T> parameter in Groups[g].Parameters)
            {
                if (!states.TryGetValue(parameter, out TState? state))
                {
                    continue;
                }

                if (StateStep(state) is long step)
                {
                    steps.Add(OptimizerStateNames.State(names[parameter], OptimizerStateNames.Step), step);
                }

                foreach ((string key, T[] values) in StateTensors(state))
                {
                    buffers.Add(OptimizerStateNames.State(names[parameter], key), (T[])values.Clone());
                }
            }
        }

        return new OptimizerStateDict<T>(Kind, buffers, steps, learningRates);
    }

    /// <summary>
    /// Replaces the optimizer's state and learning rates by <paramref name="stateDict"/>'s (PyTorch's
    /// <c>load_state_dict</c>); parameters without entries get no state, as before their first step.
    /// Everything is checked first: on a mismatch nothing changes.
    /// </summary>
    /// <param name="stateDict">A state of this <see cref="Kind"/>, as <see cref="StateDict"/> made it.</param>
    /// <param name="namedParameters">The parameters' names, as for <see cref="StateDict"/>.</param>
    /// <exception cref="ArgumentException">Two parameters share a name, or one of the optimizer's parameters has none.</exception>
    /// <exception cref="InvalidDataException">
    /// The state is of another kind of optimizer, has another number of groups, misses or adds an entry
    /// for these options (as <c>max_exp_avg_sq</c> without AMSGrad), names an unknown parameter, or
    /// holds a tensor of the wrong length; the optimizer is unchanged.
    /// </exception>
    public void LoadStateDict(OptimizerStateDict<T> stateDict, IEnumerable<(string Name, Parameter<T> Parameter)> namedParameters)
    {
        (Action? commit, string? problem) = PrepareLoad(stateDict, namedParameters);
        if (commit is null)
        {
            throw new InvalidDataException($"The state does not fit this {Kind} optimizer: {problem}. Nothing was loaded.");
        }

        commit();
    }

    /// <summary>
    /// Checks <paramref name="stateDict"/> against the optimizer and returns the action that installs
    /// it, or the problem that prevents it; nothing changes until the action runs.
    /// </summary>
    internal (Action? Commit, string? Problem) PrepareLoad(OptimizerStateDict<T> stateDict, IEnumerable<(string Name, Parameter<T> Parameter)> namedParameters)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        Dictionary<Parameter<T>, string> names = NameParameters(namedParameters);
        if (stateDict.Optimizer != Kind)
        {
            return (null, $"it holds the state of a {stateDict.Optimizer} optimizer, not of {Kind}");
        }

        // Group learning rates: exactly group.0.lr … group.(n−1).lr.
        var learningRates = new double[Groups.Count];
        for (int g = 0; g < Groups.Count; g++)
        {
            if (!stateDict.LearningRates.TryGetValue(OptimizerStateNames.LearningRate(g), out learningRates[g]))
            {
                return (null, $"it has no '{OptimizerStateNames.LearningRate(g)}' for the optimizer's {Groups.Count} parameter group(s)");
            }

            if (!double.IsFinite(learningRates[g]))
            {
                return (null, $"'{OptimizerStateNames.LearningRate(g)}' is {learningRates[g]}");
            }
        }

        if (stateDict.LearningRates.Count != Groups.Count)
        {
            string extra = stateDict.LearningRates.Keys.First(name => !Enumerable.Range(0, Groups.Count).Any(g => OptimizerStateNames.LearningRate(g) == name));
            return (null, $"it has '{extra}' but the optimizer has {Groups.Count} parameter group(s)");
        }

        // Per-parameter entries, gathered by parameter name.
        var entries = new Dictionary<string, (Dictionary<string, T[]> Buffers, long? Step)>();
        foreach ((string name, T[] values) in stateDict.Buffers)
        {
            if (!OptimizerStateNames.TrySplitState(name, out string parameterName, out string key) || key == OptimizerStateNames.Step)
            {
                return (null, $"'{name}' is not a state tensor name (state.<parameter-name>.<key>)");
            }

            if (!entries.TryGetValue(parameterName, out var entry))
            {
                entry = (new Dictionary<string, T[]>(), null);
                entries.Add(parameterName, entry);
            }

            entry.Buffers.Add(key, values);
        }

        foreach ((string name, long step) in stateDict.Steps)
        {
            if (!OptimizerStateNames.TrySplitState(name, out string parameterName, out string key) || key != OptimizerStateNames.Step)
            {
                return (null, $"'{name}' is not a step counter name (state.<parameter-name>.step)");
            }

            if (step < 0)
            {
                return (null, $"'{name}' is {step}");
            }

            entries[parameterName] = (entries.TryGetValue(parameterName, out var entry) ? entry.Buffers : new Dictionary<string, T[]>(), step);
        }

        var restored = new Dictionary<Parameter<T>, TState>();
        var known = new HashSet<string>();
        foreach (ParameterGroup<T, TOptions> group in Groups)
        {
            foreach (Parameter<T> parameter in group.Parameters)
            {
                string name = names[parameter];
                known.Add(name);
                if (!entries.TryGetValue(name, out var entry))
                {
                    continue;
                }

                foreach ((string key, T[] values) in entry.Buffers)
                {
                    if (values is null || values.Length != parameter.Length)
                    {
                        return (null, $"'{OptimizerStateNames.State(name, key)}' has {values?.Length ?? 0} values, parameter '{name}' has {parameter.Length}");
                    }
                }

                TState state = RestoreState(parameter, group.Options, entry.Step, entry.Buffers);

                // The restored state says what these options keep: the entries must be exactly that.
                var expected = new HashSet<string>(StateTensors(state).Select(tensor => tensor.Key));
                if (StateStep(state).HasValue != entry.Step.HasValue)
                {
                    return (null, entry.Step.HasValue
                        ? $"'{OptimizerStateNames.State(name, OptimizerStateNames.Step)}' is not kept by {Kind} with these options"
                        : $"it has no '{OptimizerStateNames.State(name, OptimizerStateNames.Step)}'");
                }

                if (expected.FirstOrDefault(key => !entry.Buffers.ContainsKey(key)) is { } missing)
                {
                    return (null, $"it has no '{OptimizerStateNames.State(name, missing)}'");
                }

                if (entry.Buffers.Keys.FirstOrDefault(key => !expected.Contains(key)) is { } unexpected)
                {
                    return (null, $"'{OptimizerStateNames.State(name, unexpected)}' is not kept by {Kind} with these options");
                }

                restored.Add(parameter, state);
            }
        }

        if (entries.Keys.FirstOrDefault(name => !known.Contains(name)) is { } unknown)
        {
            return (null, $"it holds state for '{unknown}', which is not one of the optimizer's parameters");
        }

        return (() =>
        {
            states.Clear();
            foreach (KeyValuePair<Parameter<T>, TState> pair in restored)
            {
                states.Add(pair.Key, pair.Value);
            }

            for (int g = 0; g < Groups.Count; g++)
            {
                Groups[g].LearningRate = learningRates[g];
            }
        }, null);
    }

    /// <summary>The tensors of <paramref name="state"/> under PyTorch's state keys (<c>exp_avg</c>, <c>momentum_buffer</c>, …); the live arrays.</summary>
    protected abstract IEnumerable<(string Key, T[] Values)> StateTensors(TState state);

    /// <summary>The step counter of <paramref name="state"/>, or null for an optimizer that keeps none.</summary>
    protected abstract long? StateStep(TState state);

    /// <summary>
    /// A new state for <paramref name="parameter"/> holding copies of <paramref name="tensors"/> (by key,
    /// each of the parameter's length) and <paramref name="step"/>. Keys these options do not keep are
    /// left out, and ones they keep but are missing are left at their initial values: the caller
    /// compares <see cref="StateTensors"/> of the result with the keys it had. Must change nothing else.
    /// By default: a fresh <see cref="CreateState"/>, its step set by <see cref="RestoreStep"/>, its
    /// buffers filled from <paramref name="tensors"/>.
    /// </summary>
    protected virtual TState RestoreState(Parameter<T> parameter, TOptions options, long? step, IReadOnlyDictionary<string, T[]> tensors)
    {
        TState state = CreateState(parameter, options);
        if (step is { } count)
        {
            RestoreStep(state, count);
        }

        CopyInto(tensors, StateTensors(state));
        return state;
    }

    /// <summary>Sets the step counter of a state being restored (nothing for optimizers that keep none).</summary>
    protected virtual void RestoreStep(TState state, long step)
    {
    }

    /// <summary>Copies each tensor of <paramref name="tensors"/> into the state buffer of the same key in <paramref name="buffers"/>.</summary>
    protected static void CopyInto(IReadOnlyDictionary<string, T[]> tensors, IEnumerable<(string Key, T[] Values)> buffers)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(buffers);
        foreach ((string key, T[] values) in buffers)
        {
            if (tensors.TryGetValue(key, out T[]? saved))
            {
                saved.AsSpan().CopyTo(values);
            }
        }
    }

    /// <summary>Each of the optimizer's parameters with its name from <paramref name="namedParameters"/> (the first, if several).</summary>
    private Dictionary<Parameter<T>, string> NameParameters(IEnumerable<(string Name, Parameter<T> Parameter)> namedParameters)
    {
        ArgumentNullException.ThrowIfNull(namedParameters);
        var names = new Dictionary<Parameter<T>, string>();
        var used = new HashSet<string>();
        foreach ((string name, Parameter<T> parameter) in namedParameters)
        {
            if (string.IsNullOrEmpty(name) || parameter is null)
            {
                throw new ArgumentException("Every named parameter needs a non-empty name and a parameter.", nameof(namedParameters));
            }

            if (!used.Add(name))
            {
                throw new ArgumentException($"Two parameters are named '{name}'.", nameof(namedParameters));
            }

            names.TryAdd(parameter, name);
        }

        foreach (ParameterGroup<T, TOptions> group in Groups)
        {
            foreach (Parameter<T> parameter in group.Parameters)
            {
                if (!names.ContainsKey(parameter))
                {
                    throw new ArgumentException($"The optimizer's parameter '{parameter.Name}' has no name in {nameof(namedParameters)}.", nameof(namedParameters));
                }
            }
        }

        return names;
    }

    /// <summary>Creates a parameter's state at its first step.</summary>
    protected abstract TState CreateState(Parameter<T> parameter, TOptions options);

    /// <summary>Applies one step of the rule to one parameter.</summary>
    protected abstract void Update(Parameter<T> parameter, TOptions options, double learningRate, TState state);

    /// <summary>A hyperparameter in the parameters' precision.</summary>
    protected static T Cast(double value) => T.CreateTruncating(value);

    /// <summary>
    /// g ← (maximize ? −g : g) + λθ, PyTorch's first two lines of every rule: the parameter's gradient
    /// itself when that is the identity (no copy), otherwise computed into <paramref name="scratch"/>.
    /// </summary>
    protected static ReadOnlySpan<T> EffectiveGradient(Parameter<T> parameter, bool maximize, double weightDecay, Span<T> scratch)
    {
        ReadOnlySpan<T> gradient = parameter.Gradient;
        if (!maximize && weightDecay == 0)
        {
            return gradient;
        }

        ReadOnlySpan<T> value = parameter.Value;
        T decay = Cast(weightDecay);
        for (int i = 0; i < scratch.Length; i++)
        {
            T g = maximize ? -gradient[i] : gradient[i];
            scratch[i] = weightDecay != 0 ? g + (decay * value[i]) : g;
        }

        return scratch;
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
