using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using AutoGradGen.Datasets;

namespace AutoGradGen.Tests.Datasets;

/// <summary>IDX files and MNIST folders: round trips, every kind of bad file rejected, and the bundled data.</summary>
public sealed class IdxTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("autogradgen-idx-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trip_through_a_file(bool gzipped)
    {
        byte[] data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 11)).ToArray();
        string path = Write("array.idx", Idx3(2, 3, 4, data), gzipped);

        IdxArray array = Idx.ReadUnsignedBytes(path);
        Assert.Equal(new[] { 2, 3, 4 }, array.Shape);
        Assert.Equal(3, array.Rank);
        Assert.Equal(data, array.Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trip_through_seekable_and_forward_only_streams(bool gzipped)
    {
        byte[] file = Header(1, 5).Concat(new byte[] { 0, 1, 2, 254, 255 }).ToArray();
        byte[] bytes = gzipped ? Gzip(file) : file;

        IdxArray seekable = Idx.ReadUnsignedBytes(new MemoryStream(bytes), "labels");
        Assert.Equal(new[] { 5 }, seekable.Shape);
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, seekable.Data);

        IdxArray forward = Idx.ReadUnsignedBytes(new ForwardOnlyStream(bytes));
        Assert.Equal(seekable.Data, forward.Data);
    }

    [Fact]
    public void Large_arrays_read_across_buffer_growth()
    {
        byte[] data = new byte[3_000_000];
        new Random(5).NextBytes(data);
        string path = Write("large.idx", Header(1, data.Length).Concat(data).ToArray(), gzip: true);
        Assert.Equal(data, Idx.ReadUnsignedBytes(path).Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bad_files_are_rejected_naming_the_file_and_the_problem(bool gzipped)
    {
        byte[] good = Idx3(2, 2, 2, new byte[8]);
        var cases = new (string Name, byte[] Bytes, string Expected)[]
        {
            ("empty", Array.Empty<byte>(), "shorter than the 4-byte IDX magic number"),
            ("bad-magic", new byte[] { 0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7 }, "starts with 01 00 08 01"),
            ("text", "hello world"u8.ToArray(), "two zero bytes"),
            ("float-type", Patch(good, 2, 0x0d), "type byte is 0x0d (32-bit float)"),
            ("unknown-type", Patch(good, 2, 0x42), "only 0x08 (unsigned byte) is supported"),
            ("rank-zero", new byte[] { 0, 0, 8, 0 }, "dimension count (the 4th byte) is 0"),
            ("truncated-magic", new byte[] { 0, 0, 8 }, "3 bytes long"),
            ("truncated-sizes", good[..9], "3 dimensions need 12 bytes of sizes"),
            ("zero-size", Header(2, 0, 4), "dimension 0 has size 0"),
            ("negative-size", Header(1, -5), "dimension 0 has size -5"),
            ("overflowing-sizes", Header(3, 65536, 65536, 2), "more than"),
            ("truncated-data", good[..^3], "needs 8 data bytes after the header, but the"),
            ("trailing-bytes", good.Concat(new byte[] { 9, 9 }).ToArray(), "2 bytes after the 8 data bytes"),
        };

        foreach ((string name, byte[] bytes, string expected) in cases)
        {
            string path = Write(name + ".idx", bytes, gzipped);
            InvalidDataException e = Assert.Throws<InvalidDataException>(() => Idx.ReadUnsignedBytes(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }
    }

    [Fact]
    public void Damaged_gzip_is_rejected_naming_the_file()
    {
        byte[] gzip = Gzip(Idx3(2, 2, 2, Enumerable.Range(0, 8).Select(i => (byte)i).ToArray()));
        string truncated = Write("truncated.gz", gzip[..(gzip.Length / 2)], gzip: false);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Idx.ReadUnsignedBytes(truncated));
        Assert.Contains(truncated, e.Message);
        Assert.Contains("cut short", e.Message);

        // The decompressor itself ignores what follows the gzip data; the reader does not.
        foreach (byte[] tail in new[] { new byte[] { 1 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, new byte[10_000] })
        {
            string trailing = Write("trailing.gz", gzip.Concat(tail).ToArray(), gzip: false);
            e = Assert.Throws<InvalidDataException>(() => Idx.ReadUnsignedBytes(trailing));
            Assert.Contains(trailing, e.Message);
            Assert.Contains("bytes after its gzip data", e.Message);
            Assert.Throws<InvalidDataException>(() => Idx.ReadUnsignedBytes(new ForwardOnlyStream(File.ReadAllBytes(trailing))));
        }

        byte[] garbage = (byte[])gzip.Clone();
        for (int i = 10; i < garbage.Length; i++)
        {
            garbage[i] = 0xff;
        }

        string corrupt = Write("corrupt.gz", garbage, gzip: false);
        e = Assert.Throws<InvalidDataException>(() => Idx.ReadUnsignedBytes(corrupt));
        Assert.Contains(corrupt, e.Message);
    }

    [Fact]
    public void Missing_file_throws_FileNotFoundException_naming_it()
    {
        string path = Path.Combine(folder, "nope-idx1-ubyte");
        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => Idx.ReadUnsignedBytes(path));
        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Mnist_folder_round_trip_with_gzipped_and_plain_files()
    {
        byte[] trainImages = Enumerable.Range(0, 3 * 784).Select(i => (byte)(i % 256)).ToArray();
        Write(Mnist.TrainImagesFile + ".gz", Idx3(3, 28, 28, trainImages), gzip: true);
        Write(Mnist.TrainLabelsFile, Idx1(new byte[] { 9, 0, 4 }), gzip: false);
        Write(Mnist.TestImagesFile, Idx3(1, 28, 28, new byte[784]), gzip: false);
        Write(Mnist.TestLabelsFile + ".gz", Idx1(new byte[] { 7 }), gzip: true);

        MnistDataset dataset = Mnist.Load(folder);
        Assert.Equal(3, dataset.Train.Count);
        Assert.Equal(new[] { 9, 0, 4 }, dataset.Train.Labels);
        Assert.Equal(3 * 784, dataset.Train.Pixels.Length);
        Assert.Equal(255 / 255.0, dataset.Train.Pixels[255]);
        Assert.Equal(1 / 255.0, dataset.Train.Pixels[257]);
        Assert.Equal(trainImages[784 + 5] / 255.0, dataset.Train.Image(1)[5]);
        Assert.Equal(1, dataset.Test.Count);
        Assert.Equal(new[] { 7 }, dataset.Test.Labels);
        Assert.All(dataset.Test.Pixels, p => Assert.Equal(0.0, p));
    }

    [Fact]
    public void Mnist_rejects_labels_out_of_range_and_mismatched_counts_and_shapes()
    {
        string images = Write("images", Idx3(2, 28, 28, new byte[2 * 784]), gzip: false);

        string badLabel = Write("bad-labels", Idx1(new byte[] { 3, 10 }), gzip: false);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Mnist.LoadSplit(images, badLabel));
        Assert.Contains(badLabel, e.Message);
        Assert.Contains("label 1 is 10", e.Message);

        string threeLabels = Write("three-labels", Idx1(new byte[] { 1, 2, 3 }), gzip: false);
        e = Assert.Throws<InvalidDataException>(() => Mnist.LoadSplit(images, threeLabels));
        Assert.Contains("2 images", e.Message);
        Assert.Contains("3 labels", e.Message);

        string wrongSide = Write("wrong-side", Idx3(2, 28, 27, new byte[2 * 28 * 27]), gzip: false);
        e = Assert.Throws<InvalidDataException>(() => Mnist.LoadSplit(wrongSide, threeLabels));
        Assert.Contains("expected shape [N, 28, 28], found [2, 28, 27]", e.Message);

        e = Assert.Throws<InvalidDataException>(() => Mnist.LoadSplit(images, images));
        Assert.Contains("expected shape [N], found [2, 28, 28]", e.Message);
    }

    [Fact]
    public void Mnist_missing_folder_or_files_say_what_was_looked_for()
    {
        string absent = Path.Combine(folder, "absent");
        DirectoryNotFoundException d = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(absent));
        Assert.Contains(absent, d.Message);
        Assert.Contains(Mnist.TrainImagesFile, d.Message);

        Write(Mnist.TrainImagesFile, Idx3(1, 28, 28, new byte[784]), gzip: false);
        Write(Mnist.TestLabelsFile + ".gz", Idx1(new byte[] { 1 }), gzip: true);
        FileNotFoundException f = Assert.Throws<FileNotFoundException>(() => Mnist.Load(folder));
        Assert.Contains($"{Mnist.TrainLabelsFile} or {Mnist.TrainLabelsFile}.gz", f.Message);
        Assert.Contains($"{Mnist.TestImagesFile} or {Mnist.TestImagesFile}.gz", f.Message);
        Assert.DoesNotContain(Mnist.TrainImagesFile, f.Message);
        Assert.Contains("samples/Mnist/Data", f.Message);
    }

    [Fact]
    public void Bundled_MNIST_subset_loads_with_plausible_statistics()
    {
        string root = typeof(IdxTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        MnistDataset dataset = Mnist.Load(Path.Combine(root, "samples", "Mnist", "Data"));

        Assert.Equal(8000, dataset.Train.Count);
        Assert.Equal(2000, dataset.Test.Count);
        foreach (MnistSplit split in new[] { dataset.Train, dataset.Test })
        {
            Assert.Equal(split.Count * 784, split.Pixels.Length);
            int[] perClass = new int[10];
            foreach (int label in split.Labels)
            {
                perClass[label]++;
            }

            // MNIST's classes are roughly balanced: each digit is 9–11.3% of the source (863..1127 of 10,000).
            Assert.All(perClass, c => Assert.InRange(c, split.Count * 8 / 100, split.Count * 12 / 100));

            // Grey levels, not binarized: anti-aliased edges give many values strictly between 0 and 1.
            double mean = split.Pixels.Average();
            Assert.InRange(mean, 0.10, 0.15);
            Assert.All(split.Pixels, p => Assert.InRange(p, 0.0, 1.0));
            Assert.Equal(256, split.Pixels.Distinct().Count());

            // Every image has ink, and the corners of a centred digit are background.
            for (int i = 0; i < split.Count; i++)
            {
                ReadOnlySpan<double> image = split.Image(i);
                Assert.True(image.ToArray().Max() > 0.5, $"image {i} is blank");
                Assert.Equal(0.0, image[0]);
                Assert.Equal(0.0, image[783]);
            }
        }
    }

    private string Write(string name, byte[] bytes, bool gzip)
    {
        string path = Path.Combine(folder, gzip && !name.EndsWith(".gz", StringComparison.Ordinal) ? name + ".gz" : name);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Header(int rank, params int[] sizes)
    {
        byte[] header = new byte[4 + 4 * sizes.Length];
        header[2] = Idx.UnsignedByteType;
        header[3] = (byte)rank;
        for (int d = 0; d < sizes.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), sizes[d]);
        }

        return header;
    }

    private static byte[] Idx3(int count, int rows, int columns, byte[] data) => Header(3, count, rows, columns).Concat(data).ToArray();

    private static byte[] Idx1(byte[] labels) => Header(1, labels.Length).Concat(labels).ToArray();

    private static byte[] Patch(byte[] bytes, int index, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }

    /// <summary>A stream that can only be read forward, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 3));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
