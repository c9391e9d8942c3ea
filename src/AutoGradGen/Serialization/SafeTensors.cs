using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AutoGradGen.Serialization;

/// <summary>
/// Saves and loads parameters in the safetensors format (the weight format of the Hugging Face
/// ecosystem): an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and byte range, then the raw little-endian data. Saving is atomic (a temporary file in the
/// same folder, then a rename), so a crash never leaves a half-written checkpoint. Loading validates
/// the whole file before it changes any parameter: a corrupt, truncated or mismatched file throws
/// <see cref="InvalidDataException"/> and loads nothing.
/// </summary>
public static class SafeTensors
{
    private const int MaxHeaderBytes = 100 * 1024 * 1024;

    /// <summary>Writes <paramref name="parameters"/> (names must be unique) to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="parameters">The tensors, saved as 1-D tensors under their names.</param>
    /// <param name="metadata">Optional string metadata (the format's <c>__metadata__</c>).</param>
    /// <exception cref="ArgumentException">Two parameters share a name, or a name is empty or reserved.</exception>
    public static void Save<T>(string path, IEnumerable<Parameter<T>> parameters, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Save(path, parameters.Select(parameter => (parameter.Name, parameter.ValueArray)), metadata);
    }

    /// <summary>Writes named 1-D tensors (names must be unique) to <paramref name="path"/>, atomically: model weights under dotted names, optimizer state, buffers.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">The tensors and their names.</param>
    /// <param name="metadata">Optional string metadata (the format's <c>__metadata__</c>).</param>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is empty or reserved.</exception>
    public static void Save<T>(string path, IEnumerable<(string Name, T[] Values)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        Write(path, tensors.Select(tensor => Vector(tensor.Name, tensor.Values)).ToList(), metadata);
    }

    /// <summary>
    /// Loads the tensors named like <paramref name="parameters"/> from <paramref name="path"/> into them.
    /// Every parameter must be present with its dtype and length; extra tensors are ignored.
    /// </summary>
    /// <returns>The file's metadata (empty if it has none).</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated or does not match the parameters; nothing was loaded.</exception>
    public static IReadOnlyDictionary<string, string> Load<T>(string path, IEnumerable<Parameter<T>> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Load(path, parameters.Select(parameter => (parameter.Name, parameter.ValueArray)));
    }

    /// <summary>
    /// Loads the tensors named like <paramref name="tensors"/> from <paramref name="path"/> into their arrays.
    /// Every one must be present with its dtype and length; extra tensors in the file are ignored.
    /// </summary>
    /// <returns>The file's metadata (empty if it has none).</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated or does not match; nothing was loaded.</exception>
    public static IReadOnlyDictionary<string, string> Load<T>(string path, IEnumerable<(string Name, T[] Values)> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        SafeTensorsFile file = SafeTensorsFile.Open(path);

        // Check everything first, so that a bad file changes no parameter.
        var plan = tensors.Select(tensor => (Destination: tensor.Values, Source: file.Check<T>(tensor.Name, tensor.Values.Length))).ToList();
        foreach ((T[] destination, ReadOnlyMemory<byte> source) in plan)
        {
            ReadLittleEndian(source.Span, destination.AsSpan());
        }

        return file.Metadata;
    }

    /// <summary>A tensor to write: its header entry and a writer of its little-endian bytes.</summary>
    internal readonly record struct Outgoing(string Name, string DType, long[] Shape, long ByteLength, Action<Stream> WriteData);

    /// <summary>A 1-D tensor of <typeparamref name="T"/> values.</summary>
    internal static Outgoing Vector<T>(string name, T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, DType<T>(), new long[] { values.Length }, (long)values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), stream => WriteLittleEndian<T>(stream, values));
    }

    /// <summary>A 0-D (scalar) I64 tensor: counters stored exactly.</summary>
    internal static Outgoing Scalar(string name, long value)
        => new(name, "I64", Array.Empty<long>(), sizeof(long), stream => WriteLittleEndian<long>(stream, new[] { value }));

    /// <summary>A 0-D (scalar) F64 tensor.</summary>
    internal static Outgoing Scalar(string name, double value)
        => new(name, "F64", Array.Empty<long>(), sizeof(double), stream => WriteLittleEndian<double>(stream, new[] { value }));

    /// <summary>Writes <paramref name="tensors"/> (any dtypes, unique names) and <paramref name="metadata"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is empty or reserved.</exception>
    internal static void Write(string path, IReadOnlyList<Outgoing> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var names = new HashSet<string>();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (KeyValuePair<string, string> entry in metadata)
                {
                    json.WriteString(entry.Key, entry.Value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (Outgoing tensor in tensors)
            {
                if (string.IsNullOrEmpty(tensor.Name) || tensor.Name == "__metadata__" || !names.Add(tensor.Name))
                {
                    throw new ArgumentException($"Tensor names must be unique, non-empty and not '__metadata__'; '{tensor.Name}' is not.", nameof(tensors));
                }

                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType);
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.ByteLength;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
        int padding = (int)((8 - (header.Length % 8)) % 8);
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(header.Length + padding));
                file.Write(length);
                header.Position = 0;
                header.CopyTo(file);
                for (int i = 0; i < padding; i++)
                {
                    file.WriteByte((byte)' ');
                }

                foreach (Outgoing tensor in tensors)
                {
                    tensor.WriteData(file);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    internal readonly record struct Entry(string DType, long Elements, long Begin, long End);

    internal static (Dictionary<string, Entry> Entries, Dictionary<string, string> Metadata, int DataStart) ReadHeader(byte[] bytes, string path)
    {
        if (bytes.Length < 8)
        {
            throw Invalid(path, $"it is {bytes.Length} bytes long, shorter than the 8-byte header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
        {
            throw Invalid(path, $"its header claims {headerLength} bytes but the file holds {bytes.Length - 8} after the length");
        }

        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;
        var entries = new Dictionary<string, Entry>();
        var metadata = new Dictionary<string, string>();
        var ranges = new List<(long Begin, long End)>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "its header is not a JSON object");
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (JsonProperty entry in property.Value.EnumerateObject())
                    {
                        metadata[entry.Name] = entry.Value.GetString() ?? string.Empty;
                    }

                    continue;
                }

                string dtype = property.Value.GetProperty("dtype").GetString() ?? string.Empty;
                long elements = 1;
                foreach (JsonElement dimension in property.Value.GetProperty("shape").EnumerateArray())
                {
                    long d = dimension.GetInt64();
                    if (d < 0)
                    {
                        throw Invalid(path, $"tensor '{property.Name}' has a negative dimension");
                    }

                    elements = checked(elements * d);
                }

                JsonElement offsets = property.Value.GetProperty("data_offsets");
                if (offsets.GetArrayLength() != 2)
                {
                    throw Invalid(path, $"tensor '{property.Name}' does not have two data offsets");
                }

                long begin = offsets[0].GetInt64();
                long end = offsets[1].GetInt64();
                if (begin < 0 || end < begin)
                {
                    throw Invalid(path, $"tensor '{property.Name}' has the data offsets {begin}..{end}");
                }

                if (end > dataLength)
                {
                    throw Invalid(path, $"tensor '{property.Name}' ends at byte {end} of a {dataLength}-byte data section (truncated)");
                }

                entries[property.Name] = new Entry(dtype, elements, begin, end);
                ranges.Add((begin, end));
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException)
        {
            throw Invalid(path, "its header is not valid safetensors JSON (" + exception.Message + ")");
        }

        // The tensors tile the data section exactly: no overlap, no gap, nothing after the last.
        ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long expected = 0;
        foreach ((long begin, long end) in ranges)
        {
            if (begin != expected)
            {
                throw Invalid(path, $"its tensors overlap or leave a gap at byte {expected} of the data section");
            }

            expected = end;
        }

        if (expected != dataLength)
        {
            throw Invalid(path, $"its data section is {dataLength} bytes but its tensors cover {expected} (truncated or padded)");
        }

        return (entries, metadata, dataStart);
    }

    internal static InvalidDataException Invalid(string path, string reason)
        => new($"'{path}' is not a usable safetensors checkpoint: {reason}. Nothing was loaded.");

    internal static string DType<T>()
        => typeof(T) == typeof(double) ? "F64"
         : typeof(T) == typeof(float) ? "F32"
         : typeof(T) == typeof(Half) ? "F16"
         : typeof(T) == typeof(long) ? "I64"
         : throw new NotSupportedException($"{typeof(T).Name} has no safetensors dtype here; use double, float or Half.");

    private static void WriteLittleEndian<T>(Stream stream, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Saving safetensors needs a little-endian machine.");
        }

        stream.Write(MemoryMarshal.AsBytes(values));
    }

    internal static void ReadLittleEndian<T>(ReadOnlySpan<byte> bytes, Span<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Loading safetensors needs a little-endian machine.");
        }

        bytes.CopyTo(MemoryMarshal.AsBytes(values));
    }
}

/// <summary>
/// A safetensors file read whole and its header validated (every tensor inside the data section,
/// the tensors tiling it exactly), whose tensors are then checked one by one against what a loader
/// expects. Errors are <see cref="InvalidDataException"/>s naming the file.
/// </summary>
internal sealed class SafeTensorsFile
{
    private readonly byte[] bytes;
    private readonly Dictionary<string, SafeTensors.Entry> entries;
    private readonly int dataStart;

    private SafeTensorsFile(string path, byte[] bytes)
    {
        Path = path;
        this.bytes = bytes;
        (entries, Dictionary<string, string> metadata, dataStart) = SafeTensors.ReadHeader(bytes, path);
        Metadata = metadata;
    }

    /// <summary>The path the file was read from, for messages.</summary>
    public string Path { get; }

    /// <summary>The file's string metadata (empty if it has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The names of the tensors in the file.</summary>
    public IEnumerable<string> Names => entries.Keys;

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is not valid safetensors.</exception>
    public static SafeTensorsFile Open(string path) => new(path, File.ReadAllBytes(path));

    /// <summary>An error about this file, ending "Nothing was loaded.".</summary>
    public InvalidDataException Invalid(string reason) => SafeTensors.Invalid(Path, reason);

    /// <summary>
    /// The bytes of tensor <paramref name="name"/> after checking that it exists with the dtype of
    /// <typeparamref name="T"/> and <paramref name="length"/> elements (any length when negative).
    /// </summary>
    public ReadOnlyMemory<byte> Check<T>(string name, int length)
        where T : unmanaged
    {
        string dtype = SafeTensors.DType<T>();
        if (!entries.TryGetValue(name, out SafeTensors.Entry entry))
        {
            throw Invalid($"it has no tensor named '{name}'");
        }

        if (entry.DType != dtype)
        {
            throw Invalid($"tensor '{name}' is {entry.DType}, the parameter is {dtype}");
        }

        if (length >= 0 && entry.Elements != length)
        {
            throw Invalid($"tensor '{name}' has {entry.Elements} elements, the parameter {length}");
        }

        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (entry.End - entry.Begin != entry.Elements * size)
        {
            throw Invalid($"tensor '{name}' spans {entry.End - entry.Begin} bytes for {entry.Elements} {dtype} values");
        }

        return bytes.AsMemory(dataStart + (int)entry.Begin, (int)(entry.End - entry.Begin));
    }

    /// <summary>Tensor <paramref name="name"/> as a new array, checked to hold <typeparamref name="T"/> values (any number of them).</summary>
    public T[] Read<T>(string name)
        where T : unmanaged
    {
        ReadOnlyMemory<byte> data = Check<T>(name, -1);
        var values = new T[data.Length / System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        SafeTensors.ReadLittleEndian(data.Span, values.AsSpan());
        return values;
    }

    /// <summary>Tensor <paramref name="name"/>, checked to hold exactly one <typeparamref name="T"/> value.</summary>
    public T ReadScalar<T>(string name)
        where T : unmanaged
    {
        var value = new T[1];
        SafeTensors.ReadLittleEndian(Check<T>(name, 1).Span, value.AsSpan());
        return value[0];
    }
}
