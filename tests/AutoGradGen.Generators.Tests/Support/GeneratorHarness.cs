using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Tests.Support;

/// <summary>Runs the generator over source text in memory, as the compiler would.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(AutoGradGen.DifferentiableAttribute).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(OptimizationLevel.Debug, sources);

    public static CSharpCompilation Compilation(OptimizationLevel optimization, params string[] sources)
        => Compilation("Tests", optimization, References, sources);

    private static CSharpCompilation Compilation(string assemblyName, OptimizationLevel optimization, IEnumerable<MetadataReference> references, string[] sources)
        => CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: i == 0 ? "Test.cs" : $"Test{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: optimization, allowUnsafe: false));

    /// <summary>
    /// Compiles sources with the generator into an assembly image, as a referenced package would be
    /// built; returns it as a reference, with the library's generated source.
    /// </summary>
    public static (MetadataReference Reference, string Generated) Library(params string[] sources)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(
            Compilation("Library", OptimizationLevel.Debug, References, sources), out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Xunit.Assert.Empty(generatorDiagnostics);
        using var stream = new System.IO.MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
        Xunit.Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        string generated = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Single().SourceText.ToString();
        return (MetadataReference.CreateFromImage(stream.ToArray()), generated);
    }

    /// <summary>Runs the generator on sources that also reference <paramref name="library"/> (from <see cref="Library"/>).</summary>
    public static GeneratorRun RunReferencing(MetadataReference library, params string[] sources)
        => Run(Compilation("Tests", OptimizationLevel.Debug, References.Append(library), sources), null);

    /// <summary>A driver; <paramref name="buildProperties"/> are the MSBuild properties the generator sees (<c>build_property.*</c>).</summary>
    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? buildProperties = null)
        => CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            optionsProvider: buildProperties is null ? null : new BuildProperties(buildProperties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Compiles the sources with the generator's output as an optimized build and loads the result.</summary>
    public static System.Reflection.Assembly CompileOptimizedAndLoad(params string[] sources)
    {
        CreateDriver().RunGeneratorsAndUpdateCompilation(Compilation(OptimizationLevel.Release, sources), out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Xunit.Assert.Empty(generatorDiagnostics);
        using var stream = new System.IO.MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(stream);
        Xunit.Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return System.Reflection.Assembly.Load(stream.ToArray());
    }

    /// <summary>Runs the generator; returns generator diagnostics, generated sources and the compiler's diagnostics on the result.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(OptimizationLevel.Debug, null, sources);

    /// <summary>Runs the generator on a build with the given optimization and MSBuild properties.</summary>
    public static GeneratorRun Run(OptimizationLevel optimization, IReadOnlyDictionary<string, string>? buildProperties, params string[] sources)
        => Run(Compilation(optimization, sources), buildProperties);

    private static GeneratorRun Run(CSharpCompilation compilation, IReadOnlyDictionary<string, string>? buildProperties)
    {
        GeneratorDriver driver = CreateDriver(buildProperties).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        return new GeneratorRun(
            generatorDiagnostics,
            result.Results.SelectMany(r => r.GeneratedSources).ToImmutableArray(),
            output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning).ToImmutableArray(),
            result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null));
    }
}

/// <summary>Global analyzer options as MSBuild passes a project's compiler-visible properties.</summary>
internal sealed class BuildProperties : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
{
    private readonly Options global;

    public BuildProperties(IReadOnlyDictionary<string, string> properties)
        => global = new Options(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => global;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            => values.TryGetValue(key, out value);
    }
}

/// <param name="GeneratorDiagnostics">Diagnostics the generator reported (AGG…).</param>
/// <param name="Sources">Generated files.</param>
/// <param name="CompilationDiagnostics">Errors and warnings of the user code plus generated code.</param>
/// <param name="Exception">An exception the generator threw (must always be null).</param>
public sealed record GeneratorRun(
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    Exception? Exception)
{
    public string SingleSource => Assert.Single(Sources).SourceText.ToString();

    public IEnumerable<Diagnostic> Errors => CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}
