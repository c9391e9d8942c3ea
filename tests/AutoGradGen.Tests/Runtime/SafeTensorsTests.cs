using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AutoGradGen.Serialization;

namespace AutoGradGen.Tests.Runtime;

/// <summary>Safetensors checkpoints: round trips, the byte layout, and bad files rejected with nothing loaded.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("autogradgen-safetensors-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Round_trip_in_double_and_float_with_metadata()
    {
        string path = Path.Combine(folder, "model.safetensors");
        var w = new Parameter<double>("dense.weight", new[] { 1.5, -2.25, Math.PI });
        var b = new Parameter<double>("dense.bias", new[] { 1e-300 });
        SafeTensors.Save(path, new[] { w, b }, new Dictionary<string, string> { ["epoch"] = "3" });

        var w2 = new Parameter<double>("dense.weight", 3);
        var b2 = new Parameter<double>("dense.bias", 1);
        IReadOnlyDictionary<string, string> metadata = SafeTensors.Load(path, new[] { b2, w2 });
        Assert.Equal(w.ValueArray, w2.ValueArray);
        Assert.Equal(b.ValueArray, b2.ValueArray);
        Assert.Equal("3", metadata["epoch"]);

        var f = new Parameter<float>("f", new[] { 0.5f, float.Epsilon });
        SafeTensors.Save(path, new[] { f });
        var f2 = new Parameter<float>("f", 2);
        SafeTensors.Load(path, new[] { f2 });
        Assert.Equal(f.ValueArray, f2.ValueArray);
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left behind
    }

    [Fact]
    public void The_layout_is_the_safetensors_format()
    {
        string path = Path.Combine(folder, "layout.safetensors");
        SafeTensors.Save(path, new[] { new Parameter<float>("x", new[] { 1f, 2f }) });
        byte[] bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd(' ');
        Assert.Equal("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", header);
        Assert.Equal(1f, BitConverter.ToSingle(bytes, 8 + (int)headerLength));
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 12 + (int)headerLength));
    }

    public static IEnumerable<object[]> BadFiles => new (string Name, Func<byte[], byte[]> Damage)[]
    {
        ("truncated data", b => b[..^3]),
        ("truncated header", b => b[..12]),
        ("shorter than the length field", b => b[..5]),
        ("absurd header length", b => { var c = (byte[])b.Clone(); BinaryPrimitives.WriteUInt64LittleEndian(c, ulong.MaxValue); return c; }),
        ("broken JSON", b => { var c = (byte[])b.Clone(); c[9] = (byte)'#'; return c; }),
        ("extra bytes after the data", b => b.Concat(new byte[] { 1, 2, 3 }).ToArray()),
    }.Select(c => new object[] { c.Name, c.Damage });

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_damaged_file_is_rejected_and_loads_nothing(string name, Func<byte[], byte[]> damage)
    {
        string path = Path.Combine(folder, "damaged.safetensors");
        SafeTensors.Save(path, new[] { new Parameter<double>("a", new[] { 1.0, 2.0 }), new Parameter<double>("b", new[] { 3.0 }) });
        File.WriteAllBytes(path, damage(File.ReadAllBytes(path)));
        var a = new Parameter<double>("a", new[] { 9.0, 9.0 });
        var b = new Parameter<double>("b", new[] { 9.0 });
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path, new[] { a, b }));
        Assert.Contains("Nothing was loaded", error.Message);
        Assert.True(a.ValueArray.All(v => v == 9.0) && b.ValueArray.All(v => v == 9.0), name);
    }

    [Fact]
    public void A_file_that_does_not_match_the_parameters_is_rejected_and_loads_nothing()
    {
        string path = Path.Combine(folder, "other.safetensors");
        SafeTensors.Save(path, new[] { new Parameter<double>("a", new[] { 1.0, 2.0 }), new Parameter<double>("b", new[] { 3.0 }) });
        var a = new Parameter<double>("a", new[] { 9.0, 9.0 });

        Assert.Contains("no tensor named 'c'", Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path, new[] { a, new Parameter<double>("c", 1) })).Message);
        Assert.Contains("has 1 elements, the parameter 3", Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path, new[] { a, new Parameter<double>("b", 3) })).Message);
        Assert.Contains("F64", Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path, new[] { new Parameter<float>("a", 2) })).Message);
        Assert.All(a.ValueArray, v => Assert.Equal(9.0, v));
    }

    [Fact]
    public void Duplicate_names_are_refused_before_anything_is_written()
    {
        string path = Path.Combine(folder, "duplicate.safetensors");
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new[] { new Parameter<double>("a", 1), new Parameter<double>("a", 1) }));
        Assert.Empty(Directory.GetFiles(folder));
    }
}
