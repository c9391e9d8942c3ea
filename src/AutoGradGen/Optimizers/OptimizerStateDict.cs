using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoGradGen.Optimizers;

/// <summary>
/// An optimizer's state as named values (PyTorch's <c>optimizer.state_dict()</c>, flattened the way
/// it is saved): what <see cref="Optimizer{T, TOptions, TState}.StateDict"/> returns and
/// <see cref="Optimizer{T, TOptions, TState}.LoadStateDict"/> takes. Names follow
/// <c>state.&lt;parameter-name&gt;.&lt;key&gt;</c> for per-parameter state, with PyTorch's keys
/// (<c>step</c>, <c>exp_avg</c>, <c>momentum_buffer</c>, …), and <c>group.&lt;index&gt;.lr</c> for each
/// group's current learning rate. A parameter with no entry has no state yet.
/// </summary>
/// <typeparam name="T">The parameters' element type.</typeparam>
public sealed class OptimizerStateDict<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A state dictionary of the optimizer kind <paramref name="optimizer"/> (the dictionaries are copied, the arrays are not).</summary>
    /// <param name="optimizer">The optimizer's <see cref="Optimizer{T, TOptions, TState}.Kind"/>, as <c>"Adam"</c>.</param>
    /// <param name="buffers">Per-parameter tensors by name, as <c>state.0.weight.exp_avg</c>.</param>
    /// <param name="steps">Per-parameter step counters by name, as <c>state.0.weight.step</c>.</param>
    /// <param name="learningRates">Each group's learning rate by name, as <c>group.0.lr</c>.</param>
    public OptimizerStateDict(
        string optimizer,
        IReadOnlyDictionary<string, T[]> buffers,
        IReadOnlyDictionary<string, long> steps,
        IReadOnlyDictionary<string, double> learningRates)
    {
        ArgumentException.ThrowIfNullOrEmpty(optimizer);
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(learningRates);
        Optimizer = optimizer;
        Buffers = new Dictionary<string, T[]>(buffers);
        Steps = new Dictionary<string, long>(steps);
        LearningRates = new Dictionary<string, double>(learningRates);
    }

    /// <summary>The kind of optimizer the state belongs to (PyTorch's class name: <c>"SGD"</c>, <c>"Adam"</c>, …).</summary>
    public string Optimizer { get; }

    /// <summary>Per-parameter tensors, named <c>state.&lt;parameter-name&gt;.&lt;key&gt;</c>, each as long as its parameter.</summary>
    public IReadOnlyDictionary<string, T[]> Buffers { get; }

    /// <summary>Per-parameter step counters, named <c>state.&lt;parameter-name&gt;.step</c>.</summary>
    public IReadOnlyDictionary<string, long> Steps { get; }

    /// <summary>Each group's current learning rate, named <c>group.&lt;index&gt;.lr</c>.</summary>
    public IReadOnlyDictionary<string, double> LearningRates { get; }
}

/// <summary>The names of <see cref="OptimizerStateDict{T}"/> entries.</summary>
internal static class OptimizerStateNames
{
    /// <summary>Prefix of per-parameter entries.</summary>
    public const string StatePrefix = "state.";

    /// <summary>Prefix of per-group entries.</summary>
    public const string GroupPrefix = "group.";

    /// <summary>The key of the step counter.</summary>
    public const string Step = "step";

    /// <summary><c>state.&lt;parameter-name&gt;.&lt;key&gt;</c>.</summary>
    public static string State(string parameterName, string key) => StatePrefix + parameterName + "." + key;

    /// <summary><c>group.&lt;index&gt;.lr</c>.</summary>
    public static string LearningRate(int group) => GroupPrefix + group.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".lr";

    /// <summary>Splits <c>state.&lt;parameter-name&gt;.&lt;key&gt;</c> (keys have no dot); false for other names.</summary>
    public static bool TrySplitState(string name, out string parameterName, out string key)
    {
        int dot = name.LastIndexOf('.');
        if (name.StartsWith(StatePrefix, StringComparison.Ordinal) && dot > StatePrefix.Length)
        {
            parameterName = name[StatePrefix.Length..dot];
            key = name[(dot + 1)..];
            return key.Length > 0;
        }

        parameterName = key = string.Empty;
        return false;
    }
}
