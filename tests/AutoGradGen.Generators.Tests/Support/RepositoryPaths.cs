using System.Linq;
using System.Reflection;

namespace AutoGradGen.Generators.Tests.Support;

/// <summary>Paths baked in at build time (the test runs from bin/, the data lives in the repository).</summary>
public static class RepositoryPaths
{
    public static string Root => Metadata("RepositoryRoot");

    public static string Configuration => Metadata("BuildConfiguration");

    private static string Metadata(string key)
        => typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
