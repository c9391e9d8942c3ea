using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using AutoGradGen.Optimizers;

namespace AutoGradGen.Serialization;

/// <summary>
/// An optimizer's state in one safetensors file (PyTorch's <c>optimizer.state_dict()</c>), so that
/// training resumes exactly: every parameter's buffers as tensors of the parameters' dtype
/// (<c>state.&lt;name&gt;.exp_avg</c>, …), its step counter as an I64 scalar
/// (<c>state.&lt;name&gt;.step</c>), each group's current learning rate as an F64 scalar
/// (<c>group.&lt;index&gt;.lr</c>), and the optimizer's <see cref="Optimizer{T, TOptions, TState}.Kind"/>
/// in the metadata under <c>optimizer</c>. Written atomically; loaded all-or-nothing. Save the
/// parameters themselves with <see cref="SafeTensors"/>, or a model and its optimizer together with
/// <see cref="ModelCheckpoint.Save{T, TOptions, TState}(string, Layers.Module{T}, Optimizer{T, TOptions, TState}, IReadOnlyDictionary{string, string})"/>.
/// </summary>
public static class OptimizerCheckpoint
{
    /// <summary>The metadata key holding the optimizer's kind (<c>"Adam"</c>, <c>"SGD"</c>, …).</summary>
    public const string OptimizerMetadataKey = "optimizer";

    /// <summary>Writes <paramref name="optimizer"/>'s state to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="optimizer">The optimizer whose state is saved.</param>
    /// <param name="namedParameters">Names for its parameters, as <c>Module.NamedParameters()</c> gives them.</param>
    /// <param name="metadata">Optional extra string metadata (not using the key <see cref="OptimizerMetadataKey"/>).</param>
    /// <exception cref="ArgumentException">A name is missing or used twice, or <paramref name="metadata"/> uses the reserved key.</exception>
    public static void Save<T, TOptions, TState>(
        string path,
        Optimizer<T, TOptions, TState> optimizer,
        IEnumerable<(string Name, Parameter<T> Parameter)> namedParameters,
        IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
        where TState : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(optimizer);
        SafeTensors.Write(path, Tensors(optimizer.StateDict(namedParameters), prefix: string.Empty), Metadata(metadata, optimizer.Kind));
    }

    /// <summary>
    /// Replaces <paramref name="optimizer"/>'s state and learning rates by those saved in
    /// <paramref name="path"/>; parameters saved without state (no step taken yet) get none.
    /// </summary>
    /// <param name="path">A file written by <see cref="Save"/>.</param>
    /// <param name="optimizer">An optimizer of the same kind, options and parameters as the saved one.</param>
    /// <param name="namedParameters">The parameters' names, as when saving.</param>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is corrupt or truncated, holds no optimizer state or another kind's, or does not fit the
    /// optimizer (a tensor missing, extra or of the wrong dtype or length, another number of groups);
    /// the message names the file and the problem, and the optimizer is unchanged.
    /// </exception>
    /// <exception cref="ArgumentException">A name is missing or used twice in <paramref name="namedParameters"/>.</exception>
    public static IReadOnlyDictionary<string, string> Load<T, TOptions, TState>(
        string path,
        Optimizer<T, TOptions, TState> optimizer,
        IEnumerable<(string Name, Parameter<T> Parameter)> namedParameters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
        where TState : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(namedParameters);
        var named = namedParameters.ToList();
        SafeTensorsFile file = SafeTensorsFile.Open(path);
        OptimizerStateDict<T> state = Read<T>(file, optimizer.Kind, prefix: string.Empty);
        (Action? commit, string? problem) = optimizer.PrepareLoad(state, named);
        if (commit is null)
        {
            throw file.Invalid(problem!);
        }

        commit();
        return file.Metadata;
    }

    /// <summary>The tensors of <paramref name="state"/> as written, each name prefixed by <paramref name="prefix"/>.</summary>
    internal static List<SafeTensors.Outgoing> Tensors<T>(OptimizerStateDict<T> state, string prefix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<SafeTensors.Outgoing>();
        tensors.AddRange(state.LearningRates.Select(rate => SafeTensors.Scalar(prefix + rate.Key, rate.Value)));
        tensors.AddRange(state.Steps.Select(step => SafeTensors.Scalar(prefix + step.Key, step.Value)));
        tensors.AddRange(state.Buffers.Select(buffer => SafeTensors.Vector(prefix + buffer.Key, buffer.Value)));
        return tensors;
    }

    /// <summary><paramref name="metadata"/> with the optimizer's kind added.</summary>
    /// <exception cref="ArgumentException"><paramref name="metadata"/> already has the key.</exception>
    internal static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string>? metadata, string kind)
    {
        var all = metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string>(metadata);
        if (!all.TryAdd(OptimizerMetadataKey, kind))
        {
            throw new ArgumentException($"The metadata key '{OptimizerMetadataKey}' is reserved for the optimizer's kind.", nameof(metadata));
        }

        return all;
    }

    /// <summary>
    /// The optimizer state in <paramref name="file"/> under <paramref name="prefix"/>, its dtypes checked.
    /// With an empty prefix every tensor must be optimizer state; otherwise tensors without the prefix are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds no state of optimizer <paramref name="kind"/>, or an entry is malformed.</exception>
    internal static OptimizerStateDict<T> Read<T>(SafeTensorsFile file, string kind, string prefix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!file.Metadata.TryGetValue(OptimizerMetadataKey, out string? saved))
        {
            throw file.Invalid($"it holds no optimizer state (no '{OptimizerMetadataKey}' in its metadata)");
        }

        if (saved != kind)
        {
            throw file.Invalid($"it holds the state of a {saved} optimizer, not of {kind}");
        }

        var buffers = new Dictionary<string, T[]>();
        var steps = new Dictionary<string, long>();
        var learningRates = new Dictionary<string, double>();
        foreach (string name in file.Names.Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue; // the model's tensors, in a combined checkpoint
            }

            string local = name[prefix.Length..];
            if (local.StartsWith("group.", StringComparison.Ordinal))
            {
                learningRates.Add(local, file.ReadScalar<double>(name));
            }
            else if (local.StartsWith("state.", StringComparison.Ordinal) && local.EndsWith(".step", StringComparison.Ordinal))
            {
                steps.Add(local, file.ReadScalar<long>(name));
            }
            else if (local.StartsWith("state.", StringComparison.Ordinal))
            {
                buffers.Add(local, file.Read<T>(name));
            }
            else
            {
                throw file.Invalid($"tensor '{name}' is not optimizer state");
            }
        }

        return new OptimizerStateDict<T>(saved, buffers, steps, learningRates);
    }
}
