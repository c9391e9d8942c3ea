using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;

namespace AutoGradGen.Serialization;

/// <summary>
/// A model's parameters and buffers in one safetensors file, under PyTorch's <c>state_dict</c> names
/// (<c>0.weight</c>, <c>1.running_mean</c>), written atomically and loaded all-or-nothing.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>Saves <paramref name="model"/>'s parameters and buffers to <paramref name="path"/>.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    public static void Save<T>(string path, Module<T> model, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => SafeTensors.Save(path, Tensors(model), metadata);

    /// <summary>Loads <paramref name="model"/>'s parameters and buffers from <paramref name="path"/>.</summary>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt or made for another architecture; the model is unchanged.</exception>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    public static IReadOnlyDictionary<string, string> Load<T>(string path, Module<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
        => SafeTensors.Load(path, Tensors(model));

    /// <summary>
    /// Saves <paramref name="model"/>'s parameters and buffers and <paramref name="optimizer"/>'s state
    /// in one file, atomically: the model's tensors under their names, the optimizer's as
    /// <see cref="OptimizerCheckpoint"/> writes them with the prefix <c>optimizer.</c>
    /// (<c>optimizer.state.0.weight.exp_avg</c>, <c>optimizer.group.0.lr</c>), its kind in the metadata.
    /// </summary>
    /// <exception cref="ArgumentException">One of the optimizer's parameters is not the model's, or <paramref name="metadata"/> uses the key <c>optimizer</c>.</exception>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <typeparam name="TOptions">The optimizer's hyperparameters.</typeparam>
    /// <typeparam name="TState">The optimizer's per-parameter state.</typeparam>
    public static void Save<T, TOptions, TState>(string path, Module<T> model, Optimizer<T, TOptions, TState> optimizer, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
        where TState : class
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var tensors = Tensors(model).Select(tensor => SafeTensors.Vector(tensor.Name, tensor.Values)).ToList();
        tensors.AddRange(OptimizerCheckpoint.Tensors(optimizer.StateDict(model.NamedParameters()), OptimizerPrefix));
        SafeTensors.Write(path, tensors, OptimizerCheckpoint.Metadata(metadata, optimizer.Kind));
    }

    /// <summary>
    /// Loads <paramref name="model"/>'s parameters and buffers and <paramref name="optimizer"/>'s state
    /// from a file written by <see cref="Save{T, TOptions, TState}(string, Module{T}, Optimizer{T, TOptions, TState}, IReadOnlyDictionary{string, string})"/>:
    /// both or neither.
    /// </summary>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is corrupt, made for another architecture, or holds no state or another optimizer's;
    /// the model and the optimizer are unchanged.
    /// </exception>
    /// <exception cref="ArgumentException">One of the optimizer's parameters is not the model's.</exception>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <typeparam name="TOptions">The optimizer's hyperparameters.</typeparam>
    /// <typeparam name="TState">The optimizer's per-parameter state.</typeparam>
    public static IReadOnlyDictionary<string, string> Load<T, TOptions, TState>(string path, Module<T> model, Optimizer<T, TOptions, TState> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
        where TState : class
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(optimizer);
        List<(string Name, T[] Values)> tensors = Tensors(model);
        SafeTensorsFile file = SafeTensorsFile.Open(path);

        // Check the model's tensors and the optimizer's state before changing either.
        var plan = tensors.Select(tensor => (Destination: tensor.Values, Source: file.Check<T>(tensor.Name, tensor.Values.Length))).ToList();
        OptimizerStateDict<T> state = OptimizerCheckpoint.Read<T>(file, optimizer.Kind, OptimizerPrefix);
        (Action? commit, string? problem) = optimizer.PrepareLoad(state, model.NamedParameters());
        if (commit is null)
        {
            throw file.Invalid($"in its '{OptimizerPrefix}*' tensors, {problem}");
        }

        foreach ((T[] destination, ReadOnlyMemory<byte> source) in plan)
        {
            SafeTensors.ReadLittleEndian(source.Span, destination.AsSpan());
        }

        commit();
        return file.Metadata;
    }

    private const string OptimizerPrefix = "optimizer.";

    private static List<(string Name, T[] Values)> Tensors<T>(Module<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.NamedParameters().Select(named => (named.Name, named.Parameter.ValueArray)).Concat(model.NamedBuffers()).ToList();
    }
}
