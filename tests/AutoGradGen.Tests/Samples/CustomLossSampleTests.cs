using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AutoGradGen.Tests.Samples;

/// <summary>The custom-loss sample in its quick mode: the focal loss's gradient checks out and it trains.</summary>
public class CustomLossSampleTests
{
    [Fact]
    public void Focal_loss_passes_its_gradient_check_and_trains_the_mlp()
    {
        string dll = SampleRunner.EnsureBuilt("CustomLoss");
        (int exit, string text) = SampleRunner.Run(dll, "--quick");

        Assert.True(exit == 0, text);
        Assert.Contains("gradient check passed", text);
        string last = text.TrimEnd().Split('\n').Last().TrimEnd('\r');
        Match match = Regex.Match(last, @"^test accuracy: (0\.\d{4})$");
        Assert.True(match.Success, $"last line was '{last}'");
        double accuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.3, $"20 Adam steps on the focal loss should beat chance (0.1), got {accuracy}");
    }
}
