using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoGradGen.Layers;

namespace AutoGradGen.Serialization;

/// <summary>
/// A model's parameters and buffers in one safetensors file, under PyTorch's <c>state_dict</c> names
/// (<c>0.weight</c>, <c>1.running_mean</c>), written atomically and loaded all-or-nothing.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>Saves <paramref name="model"/>'s parameters and buffers to <paramref name="path"/>.</summary>
    public static void Save(string path, Module model, IReadOnlyDictionary<string, string>? metadata = null)
        => SafeTensors.Save(path, Tensors(model), metadata);

    /// <summary>Loads <paramref name="model"/>'s parameters and buffers from <paramref name="path"/>.</summary>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt or made for another architecture; the model is unchanged.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path, Module model)
        => SafeTensors.Load(path, Tensors(model));

    private static IEnumerable<(string Name, double[] Values)> Tensors(Module model)
    {
        System.ArgumentNullException.ThrowIfNull(model);
        return model.NamedParameters().Select(named => (named.Name, named.Parameter.ValueArray)).Concat(model.NamedBuffers()).ToList();
    }
}
