using System;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Benchmarks;

/// <summary>Builds synthetic compilations and drives the generator over them as the IDE would.</summary>
public static class GeneratorRig
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(AutoGradGen.DifferentiableAttribute).Assembly.Location))
        .ToImmutableArray();

    /// <summary>The project: its class files plus <see cref="SyntheticProject.UnrelatedPath"/>, parsed once.</summary>
    public static CSharpCompilation Compilation(Flavour flavour, int methods)
        => CSharpCompilation.Create(
            "Synthetic",
            SyntheticProject.ClassFiles(flavour, methods)
                .Append((Path: SyntheticProject.UnrelatedPath, Text: SyntheticProject.Unrelated(42)))
                .Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, file.Path)),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug));

    /// <summary>The same project after another file's text changed (only that tree is replaced).</summary>
    public static CSharpCompilation WithUnrelatedEdit(CSharpCompilation compilation)
        => ReplaceTree(compilation, SyntheticProject.UnrelatedPath, SyntheticProject.Unrelated(43));

    /// <summary>The same project after the body of <see cref="SyntheticProject.EditedMethod"/> changed (only its file's tree is replaced).</summary>
    public static CSharpCompilation WithMethodBodyEdit(CSharpCompilation compilation, Flavour flavour, int methods)
    {
        int classIndex = SyntheticProject.ClassOf(SyntheticProject.EditedMethod);
        return ReplaceTree(
            compilation,
            SyntheticProject.ClassPath(classIndex),
            SyntheticProject.ClassFile(flavour, methods, classIndex, editedMethod: SyntheticProject.EditedMethod));
    }

    private static CSharpCompilation ReplaceTree(CSharpCompilation compilation, string path, string text)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        if (old.ToString() == text)
        {
            throw new InvalidOperationException($"The edit of {path} changes nothing.");
        }

        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, ParseOptions, path));
    }

    /// <summary>
    /// A new driver with the generator. Measured runs use the IDE's setting (no step tracking);
    /// <paramref name="track"/> is for the setup checks of what was cached.
    /// </summary>
    public static GeneratorDriver CreateDriver(bool track = false)
        => CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>
    /// Throws unless the run produced <paramref name="expectedFiles"/> files, no diagnostics and no
    /// exception, so that a benchmark cannot silently measure a generator that did nothing.
    /// </summary>
    public static GeneratorRunResult Check(GeneratorDriver driver, int expectedFiles, string what)
    {
        GeneratorDriverRunResult run = driver.GetRunResult();
        GeneratorRunResult result = run.Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException($"{what}: the generator threw.", result.Exception);
        }

        if (!run.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException($"{what}: the generator reported {run.Diagnostics.Length} diagnostics, first: {run.Diagnostics[0]}");
        }

        if (result.GeneratedSources.Length != expectedFiles)
        {
            throw new InvalidOperationException($"{what}: {result.GeneratedSources.Length} generated files, expected {expectedFiles}.");
        }

        return result;
    }

    /// <summary>Every step output of <paramref name="step"/> (Methods, Models, Files, or an output step) with its run reason.</summary>
    public static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    public static IncrementalStepRunReason[] OutputReasons(GeneratorRunResult result)
        => result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
}
