using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace AutoGradGen.Datasets;

/// <summary>
/// An n-dimensional array of unsigned bytes read from an IDX file: its sizes and its elements in
/// row-major order (the last dimension varies fastest), as stored in the file.
/// </summary>
public sealed class IdxArray
{
    /// <summary>Wraps <paramref name="shape"/> and <paramref name="data"/> (neither is copied).</summary>
    /// <param name="shape">The size of each dimension, outermost first; at least one, all positive.</param>
    /// <param name="data">The elements in row-major order; exactly the product of the sizes.</param>
    /// <exception cref="ArgumentException">A size is not positive, or <paramref name="data"/> does not hold the product of the sizes.</exception>
    public IdxArray(int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length == 0)
        {
            throw new ArgumentException("An IDX array has at least one dimension.", nameof(shape));
        }

        long elements = 1;
        foreach (int size in shape)
        {
            if (size <= 0)
            {
                throw new ArgumentException($"Every size must be positive; the shape is [{string.Join(", ", shape)}].", nameof(shape));
            }

            elements *= size;
            if (elements > Array.MaxLength)
            {
                throw new ArgumentException($"The shape [{string.Join(", ", shape)}] has more elements than an array can hold.", nameof(shape));
            }
        }

        if (data.Length != elements)
        {
            throw new ArgumentException($"The shape [{string.Join(", ", shape)}] needs {elements} elements, the data holds {data.Length}.", nameof(data));
        }

        Shape = shape;
        Data = data;
    }

    /// <summary>The size of each dimension, outermost first (for MNIST images: count, 28, 28).</summary>
    public int[] Shape { get; }

    /// <summary>The elements in row-major order.</summary>
    public byte[] Data { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;
}

/// <summary>
/// Reads IDX files, the format of the MNIST database: two zero bytes, a type byte, a dimension
/// count, one big-endian 32-bit size per dimension, then the elements in row-major order. Files
/// may be gzipped (recognised by the gzip magic bytes <c>1f 8b</c>, whatever their name) as one
/// gzip member, which is what gzip, pigz and Python's gzip module write. Only
/// type <c>0x08</c> (unsigned byte), the type of MNIST's images and labels, is supported. Every
/// file is validated completely: a bad header, a truncated body or bytes after the data throw
/// <see cref="InvalidDataException"/> naming the file, what was expected and what was found.
/// </summary>
public static class Idx
{
    /// <summary>The type byte of unsigned-byte data, the only type this reader supports.</summary>
    public const byte UnsignedByteType = 0x08;

    private const int ChunkBytes = 1 << 20;

    /// <summary>Reads the unsigned-byte IDX file (gzipped or not) at <paramref name="path"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The array the file holds.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a complete, well-formed unsigned-byte IDX file.</exception>
    public static IdxArray ReadUnsignedBytes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return ReadUnsignedBytes(file, path);
    }

    /// <summary>
    /// Reads an unsigned-byte IDX file (gzipped or not) from <paramref name="stream"/>, which must
    /// hold exactly one IDX file from its current position to its end. The stream is not closed;
    /// one that cannot seek is first copied into memory.
    /// </summary>
    /// <param name="stream">The readable stream.</param>
    /// <param name="name">The name used in error messages (a file name, say); by default "the IDX stream".</param>
    /// <returns>The array the stream holds.</returns>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The stream does not hold a complete, well-formed unsigned-byte IDX file.</exception>
    public static IdxArray ReadUnsignedBytes(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        string source = string.IsNullOrEmpty(name) ? "the IDX stream" : $"'{name}'";

        // Look at the first two bytes to tell gzip from a plain IDX file, then start again.
        Stream input = stream;
        Span<byte> start = stackalloc byte[2];
        if (stream.CanSeek)
        {
            long origin = stream.Position;
            int peeked = ReadAtMost(stream, start, source, compressed: false);
            stream.Position = origin;
            start = start[..peeked];
        }
        else
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            input = copy;
            start = start[..ReadAtMost(copy, start, source, compressed: false)];
            copy.Position = 0;
        }

        bool compressed = start.Length == 2 && start[0] == 0x1f && start[1] == 0x8b;
        if (!compressed)
        {
            return Parse(input, source, compressed: false);
        }

        long end = input.Length;
        IdxArray array;
        using (var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true))
        {
            array = Parse(gzip, source, compressed: true);
        }

        // The decompressor ignores bytes after the gzip data; the gzip trailer's size field catches them.
        // It ends the file and records the decompressed length modulo 2^32.
        long decompressed = 4L + (4L * array.Rank) + array.Data.Length;
        Span<byte> trailer = stackalloc byte[4];
        input.Position = end - 4;
        input.ReadExactly(trailer);
        uint recorded = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (recorded != (uint)decompressed)
        {
            throw Invalid(source, $"its last 4 bytes should be the gzip trailer's size field, {(uint)decompressed} for the {decompressed} bytes decompressed, but they read {recorded}: "
                + "the file has bytes after its gzip data (or is several gzip files concatenated, which this reader does not accept)");
        }

        return array;
    }

    private static IdxArray Parse(Stream input, string source, bool compressed)
    {
        string what = compressed ? "decompressed data" : "file";
        Span<byte> magic = stackalloc byte[4];
        int got = ReadAtMost(input, magic, source, compressed);
        if (got < 4)
        {
            throw Invalid(source, $"its {what} is {got} bytes long, shorter than the 4-byte IDX magic number (0x00 0x00, a type byte, a dimension count){CutShort(compressed)}");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw Invalid(source, $"its {what} starts with {Hex(magic)}, but an IDX file starts with two zero bytes, a type byte and a dimension count (MNIST images: 00 00 08 03, labels: 00 00 08 01)");
        }

        byte type = magic[2];
        if (type != UnsignedByteType)
        {
            throw Invalid(source, $"its type byte is 0x{type:x2} ({TypeName(type)}); only 0x08 (unsigned byte) is supported");
        }

        int rank = magic[3];
        if (rank == 0)
        {
            throw Invalid(source, "its dimension count (the 4th byte) is 0; an IDX array needs at least one dimension");
        }

        byte[] sizes = new byte[4 * rank];
        got = ReadAtMost(input, sizes, source, compressed);
        if (got < sizes.Length)
        {
            throw Invalid(source, $"its header is truncated: {rank} dimension{(rank == 1 ? " needs" : "s need")} {sizes.Length} bytes of sizes after the magic number, but only {got} follow{CutShort(compressed)}");
        }

        int[] shape = new int[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * d));
            if (shape[d] <= 0)
            {
                throw Invalid(source, $"dimension {d} has size {shape[d]} (header sizes: {Shape(sizes)}); every size must be positive");
            }

            elements *= shape[d];
            if (elements > Array.MaxLength)
            {
                throw Invalid(source, $"its sizes {Shape(sizes)} describe more than {Array.MaxLength} bytes, more than this reader can hold in one array");
            }
        }

        byte[] data = ReadData(input, (int)elements, source, compressed, shape);

        // The data must end the file: more bytes mean a wrong header or a damaged file.
        Span<byte> extra = stackalloc byte[4096];
        long trailing = 0;
        int n;
        while ((n = ReadAtMost(input, extra, source, compressed)) > 0)
        {
            trailing += n;
        }

        if (trailing > 0)
        {
            throw Invalid(source, $"its {what} has {trailing} bytes after the {elements} data bytes of shape {Format(shape)}; an IDX file ends with its data");
        }

        return new IdxArray(shape, data);
    }

    // Grows the buffer as the data arrives, so a header claiming more than the file holds costs no huge allocation.
    private static byte[] ReadData(Stream input, int expected, string source, bool compressed, int[] shape)
    {
        byte[] data = new byte[Math.Min(expected, ChunkBytes)];
        int filled = 0;
        while (filled < expected)
        {
            if (filled == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(expected, 2L * data.Length));
            }

            int n = ReadAtMost(input, data.AsSpan(filled), source, compressed);
            if (n == 0)
            {
                string what = compressed ? "decompressed data holds" : "file holds";
                throw Invalid(source, $"it is truncated: shape {Format(shape)} needs {expected} data bytes after the header, but the {what} only {filled}{CutShort(compressed)}");
            }

            filled += n;
        }

        return data;
    }

    // Reads until the span is full or the input ends; a damaged gzip stream becomes an error naming the source.
    private static int ReadAtMost(Stream input, Span<byte> buffer, string source, bool compressed)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = input.Read(buffer[total..]);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }
        }
        catch (InvalidDataException e) when (compressed)
        {
            throw Invalid(source, $"it starts with the gzip magic bytes 1f 8b but is not valid gzip data ({e.Message})", e);
        }

        return total;
    }

    private static string CutShort(bool compressed)
        => compressed ? " (a gzip file cut short, by an interrupted download say, decompresses to a truncated file)" : string.Empty;

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0b => "16-bit integer",
        0x0c => "32-bit integer",
        0x0d => "32-bit float",
        0x0e => "64-bit float",
        _ => "not an IDX type",
    };

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        var parts = new string[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            parts[i] = bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(" ", parts);
    }

    private static string Shape(byte[] sizes)
    {
        var parts = new string[sizes.Length / 4];
        for (int d = 0; d < parts.Length; d++)
        {
            parts[d] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * d)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    private static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static InvalidDataException Invalid(string source, string reason, Exception? inner = null)
        => new($"{char.ToUpperInvariant(source[0])}{source[1..]} is not a usable unsigned-byte IDX file: {reason}.", inner);
}
