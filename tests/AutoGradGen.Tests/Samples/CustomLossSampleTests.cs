using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AutoGradGen.Tests.Samples;

/// <summary>The custom-loss sample in its quick mode: the focal loss's gradient checks out, it trains, the chart is written.</summary>
public sealed class CustomLossSampleTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "agg-custom-loss-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Focal_loss_passes_its_gradient_check_and_trains_the_mlp()
    {
        string dll = SampleRunner.EnsureBuilt("CustomLoss");
        (int exit, string text) = SampleRunner.Run(dll, "--quick", "--output", output);

        Assert.True(exit == 0, text);
        Assert.Contains("gradient check passed", text);
        string last = text.TrimEnd().Split('\n').Last().TrimEnd('\r');
        Match match = Regex.Match(last, @"^test accuracy: (0\.\d{4})$");
        Assert.True(match.Success, $"last line was '{last}'");
        double accuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.3, $"20 Adam steps on the focal loss should beat chance (0.1), got {accuracy}");

        byte[] png = File.ReadAllBytes(Path.Combine(output, "focal-loss.png"));
        Assert.True(png.Length > 10_000, $"the chart is only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }
}
