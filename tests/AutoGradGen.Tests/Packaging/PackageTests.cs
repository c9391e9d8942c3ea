using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;

namespace AutoGradGen.Tests.Packaging;

/// <summary>
/// The package a user gets is the one tested: pack src/AutoGradGen, restore a fresh consumer project
/// from it through a local folder feed (and a private packages folder, so no stale copy is used; the
/// runtime's own dependencies come from the global packages folder the solution's restore filled),
/// build it, and run one generated gradient.
/// </summary>
public class PackageTests
{
    private const string Consumer = """
        using System;
        using AutoGradGen;

        public static partial class Model
        {
            [Differentiable]
            public static double Loss(double w, double b) => Math.Pow(w * 3.0 + b - 1.0, 2) + 0.5 * w * w;
        }

        public static class Program
        {
            public static int Main()
            {
                double value = Model.LossGradient(2.0, -1.0, out double dw, out double db);
                // residual r = 3w + b − 1 = 4: dL/dw = 2r·3 + w = 26, dL/db = 2r = 8, L = 16 + 2 = 18
                Console.WriteLine(FormattableString.Invariant($"value={value} dw={dw} db={db}"));
                return value == 18 && dw == 26 && db == 8 ? 0 : 1;
            }
        }
        """;

    [Fact]
    public void Consumer_restores_builds_and_runs_a_gradient_from_the_package()
    {
        string root = Metadata("RepositoryRoot");
        string work = Directory.CreateTempSubdirectory("autogradgen-package-").FullName;
        try
        {
            string feed = Path.Combine(work, "feed");
            Run(root, "pack", Path.Combine(root, "src", "AutoGradGen", "AutoGradGen.csproj"), "-c", Metadata("BuildConfiguration"), "--no-build", "-o", feed);

            string package = Assert.Single(Directory.GetFiles(feed, "AutoGradGen.*.nupkg"));
            using (ZipArchive archive = ZipFile.OpenRead(package))
            {
                var entries = archive.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("lib/net10.0/AutoGradGen.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/AutoGradGen.Generators.dll", entries);
            }

            string version = Path.GetFileNameWithoutExtension(package)["AutoGradGen.".Length..];
            string app = Path.Combine(work, "consumer");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AutoGradGen" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="restored" value="{GlobalPackagesFolder()}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), Consumer);

            string output = Run(app, "run", "--project", Path.Combine(app, "Consumer.csproj"));
            Assert.Contains("value=18 dw=26 db=8", output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The machine's NuGet global packages folder, where the solution's restore put the runtime's own
    /// dependencies (System.Numerics.Tensors): a feed for them that needs no network.
    /// </summary>
    private static string GlobalPackagesFolder()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A child build must not inherit the test host's MSBuild settings, nor leave build servers behind.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "dotnet " + string.Join(' ', arguments) + " timed out");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    private static string Metadata(string key)
        => typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
