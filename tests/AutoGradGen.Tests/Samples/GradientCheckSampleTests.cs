namespace AutoGradGen.Tests.Samples;

/// <summary>The gradient-check sample runs, in its fastest mode, and reports every check passed.</summary>
public class GradientCheckSampleTests
{
    [Fact]
    public void GradientCheck_sample_passes_every_check()
    {
        string dll = SampleRunner.EnsureBuilt("GradientCheck");
        (int exit, string output) = SampleRunner.Run(dll, "--points", "1", "--seed", "7");
        Assert.Equal(0, exit);
        Assert.Contains("checks passed", output);
        Assert.Contains("CS231n softmax", output);
        Assert.DoesNotContain(" NO ", output);
    }
}
