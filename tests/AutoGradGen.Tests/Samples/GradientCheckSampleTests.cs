using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace AutoGradGen.Tests.Samples;

/// <summary>The README's main job runs, in its fastest mode, and reports every check passed.</summary>
public class GradientCheckSampleTests
{
    [Fact]
    public void GradientCheck_sample_passes_every_check()
    {
        string root = Metadata("RepositoryRoot");
        string dll = Path.Combine(root, "samples", "GradientCheck", "bin", Metadata("BuildConfiguration"), "net10.0", "GradientCheck.dll");
        string project = Path.Combine(root, "samples", "GradientCheck");
        DateTime newestSource = Directory.GetFiles(project, "*.cs").Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(dll) || File.GetLastWriteTimeUtc(dll) < newestSource)
        {
            // The solution build makes it; when this project is tested alone, (re)build the sample first.
            (int built, string log) = Run(root, "build", Path.Combine(project, "GradientCheck.csproj"), "-c", Metadata("BuildConfiguration"));
            Assert.True(built == 0, log);
        }

        (int exit, string output) = Run(root, dll, "--points", "1", "--seed", "7");
        Assert.Equal(0, exit);
        Assert.Contains("checks passed", output);
        Assert.Contains("CS231n softmax", output);
        Assert.DoesNotContain(" NO ", output);
    }

    private static (int Exit, string Output) Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the sample did not finish");
        return (process.ExitCode, output + error.Result);
    }

    private static string Metadata(string key)
        => typeof(GradientCheckSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
