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
        string dtype = DType<T>();
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

        var list = new List<(string Name, T[] Values)>(tensors);
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
            foreach ((string Name, T[] Values) parameter in list)
            {
                if (string.IsNullOrEmpty(parameter.Name) || parameter.Name == "__metadata__" || !names.Add(parameter.Name))
                {
                    throw new ArgumentException($"Tensor names must be unique, non-empty and not '__metadata__'; '{parameter.Name}' is not.", nameof(tensors));
                }

                json.WriteStartObject(parameter.Name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                json.WriteNumberValue(parameter.Values.Length);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)parameter.Values.Length * size;
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

                foreach ((string Name, T[] Values) parameter in list)
                {
                    WriteLittleEndian(file, parameter.Values);
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
        byte[] bytes = File.ReadAllBytes(path);
        (Dictionary<string, Entry> entries, Dictionary<string, string> metadata, int dataStart) = ReadHeader(bytes, path);
        string dtype = DType<T>();
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

        // Check everything first, so that a bad file changes no parameter.
        var plan = new List<((string Name, T[] Values) Parameter, Entry Entry)>();
        foreach ((string Name, T[] Values) parameter in tensors)
        {
            if (!entries.TryGetValue(parameter.Name, out Entry entry))
            {
                throw Invalid(path, $"it has no tensor named '{parameter.Name}'");
            }

            if (entry.DType != dtype)
            {
                throw Invalid(path, $"tensor '{parameter.Name}' is {entry.DType}, the parameter is {dtype}");
            }

            if (entry.Elements != parameter.Values.Length)
            {
                throw Invalid(path, $"tensor '{parameter.Name}' has {entry.Elements} elements, the parameter {parameter.Values.Length}");
            }

            if (entry.End - entry.Begin != (long)entry.Elements * size)
            {
                throw Invalid(path, $"tensor '{parameter.Name}' spans {entry.End - entry.Begin} bytes for {entry.Elements} {dtype} values");
            }

            plan.Add((parameter, entry));
        }

        foreach (((string Name, T[] Values) parameter, Entry entry) in plan)
        {
            ReadLittleEndian(bytes.AsSpan(dataStart + (int)entry.Begin, (int)(entry.End - entry.Begin)), parameter.Values);
        }

        return metadata;
    }

    private readonly record struct Entry(string DType, long Elements, long Begin, long End);

    private static (Dictionary<string, Entry> Entries, Dictionary<string, string> Metadata, int DataStart) ReadHeader(byte[] bytes, string path)
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
                if (begin < 0 || end < begin || end > dataLength)
                {
                    throw Invalid(path, $"tensor '{property.Name}' spans bytes {begin}..{end} of a {dataLength}-byte data section");
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

    private static InvalidDataException Invalid(string path, string reason)
        => new($"'{path}' is not a usable safetensors checkpoint: {reason}. Nothing was loaded.");

    private static string DType<T>()
        => typeof(T) == typeof(double) ? "F64"
         : typeof(T) == typeof(float) ? "F32"
         : typeof(T) == typeof(Half) ? "F16"
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

    private static void ReadLittleEndian<T>(ReadOnlySpan<byte> bytes, Span<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Loading safetensors needs a little-endian machine.");
        }

        bytes.CopyTo(MemoryMarshal.AsBytes(values));
    }
}
