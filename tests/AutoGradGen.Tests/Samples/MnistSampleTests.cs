using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AutoGradGen.Serialization;

namespace AutoGradGen.Tests.Samples;

/// <summary>The MNIST sample (the README's main job) in its quick mode: outputs exist and are sane.</summary>
public sealed class MnistSampleTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "agg-mnist-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Main_job_trains_and_ends_with_the_accuracy_line()
    {
        string dll = SampleRunner.EnsureBuilt("Mnist");
        (int exit, string text) = SampleRunner.Run(dll, "--quick", "--output", output);

        Assert.True(exit == 0, text);
        string last = text.TrimEnd().Split('\n').Last().TrimEnd('\r');
        Match match = Regex.Match(last, @"^test accuracy: (0\.\d{4})$");
        Assert.True(match.Success, $"last line was '{last}'");
        double accuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.5, $"20 Adam steps should beat chance (0.1) by far, got {accuracy}");

        AssertPng(Path.Combine(output, "mnist-training.png"));

        // The checkpoint holds the network under PyTorch's state_dict names, with the right sizes.
        var expected = new (string Name, double[] Values)[]
        {
            ("0.weight", new double[256 * 784]), ("0.bias", new double[256]),
            ("2.weight", new double[128 * 256]), ("2.bias", new double[128]),
            ("4.weight", new double[10 * 128]), ("4.bias", new double[10]),
        };
        var metadata = SafeTensors.Load(Path.Combine(output, "mnist-mlp.safetensors"), expected);
        Assert.Equal(match.Groups[1].Value, metadata["test_accuracy"]);
        Assert.Contains(expected[0].Values, v => v != 0);
    }

    [Fact]
    public void Optimizer_comparison_writes_its_chart_and_table()
    {
        string dll = SampleRunner.EnsureBuilt("Mnist");
        (int exit, string text) = SampleRunner.Run(dll, "optimizers", "--quick", "--output", output);

        Assert.True(exit == 0, text);
        foreach (string name in new[] { "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam" })
        {
            Assert.Contains(name, text);
        }

        AssertPng(Path.Combine(output, "mnist-optimizers.png"));
    }

    [Theory]
    [InlineData("init", "mnist-initialization.png")]
    [InlineData("batchnorm", "mnist-batchnorm.png")]
    [InlineData("overfit", "mnist-overfitting.png")]
    public void Notes_experiments_write_their_charts(string experiment, string chart)
    {
        string dll = SampleRunner.EnsureBuilt("Mnist");
        (int exit, string text) = SampleRunner.Run(dll, experiment, "--quick", "--output", output);

        Assert.True(exit == 0, text);
        AssertPng(Path.Combine(output, chart));
        if (experiment == "init")
        {
            foreach (string activation in new[] { "sigmoid", "relu" })
            {
                foreach (string init in new[] { "std001", "xavier", "he" })
                {
                    AssertPng(Path.Combine(output, $"mnist-activations-{activation}-{init}.png"));
                }
            }
        }
    }

    [Fact]
    public void Missing_data_is_a_clear_error()
    {
        string dll = SampleRunner.EnsureBuilt("Mnist");
        (int exit, string text) = SampleRunner.Run(dll, "--quick", "--data", Path.Combine(output, "nowhere"), "--output", output);
        Assert.Equal(2, exit);
        Assert.Contains("Could not load MNIST", text);
    }

    /// <summary>A PNG signature, an IHDR chunk with the chart's size, and more than a blank image's bytes.</summary>
    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(540, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
