using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace AutoGradGen.Tests.Samples;

/// <summary>Builds a sample if its build is missing or stale, and runs it as a process.</summary>
internal static class SampleRunner
{
    public static string Root => Metadata("RepositoryRoot");

    /// <summary>The sample's dll, built first when needed (the solution build makes it; a lone test-project build does not).</summary>
    public static string EnsureBuilt(string name)
    {
        string project = Path.Combine(Root, "samples", name);
        string dll = Path.Combine(project, "bin", Metadata("BuildConfiguration"), "net10.0", name + ".dll");
        DateTime newestSource = Directory.GetFiles(project, "*.cs").Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(dll) || File.GetLastWriteTimeUtc(dll) < newestSource)
        {
            (int built, string log) = Run("build", Path.Combine(project, name + ".csproj"), "-c", Metadata("BuildConfiguration"));
            Assert.True(built == 0, log);
        }

        return dll;
    }

    public static (int Exit, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
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
        => typeof(SampleRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
