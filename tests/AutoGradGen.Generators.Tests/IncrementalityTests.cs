using System.Linq;
using AutoGradGen.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Tests;

/// <summary>The pipeline's model is equatable: edits that do not change a method leave its output cached.</summary>
public class IncrementalityTests
{
    private const string Functions = """
        using System;
        using AutoGradGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(double x, double y) => Math.Sin(x * y) + x;
        }
        """;

    private const string Other = """
        public static class Unrelated
        {
            public static int Answer() => 42;
        }
        """;

    [Fact]
    public void Edit_in_another_file_serves_everything_from_cache()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Functions, Other);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree otherTree = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            otherTree,
            CSharpSyntaxTree.ParseText(Other.Replace("42", "43"), GeneratorHarness.ParseOptions, otherTree.FilePath));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The transform may re-run against the new compilation, but it must produce an equal model.
        AssertReasons(result, DifferentiableGenerator.TrackingNames.Methods, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, DifferentiableGenerator.TrackingNames.Files, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Edit_outside_the_method_in_the_same_file_yields_an_unchanged_model()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Functions);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Lines added above the method move every location, but the model holds none.
        string shifted = Functions.Replace("public static partial class Functions", "// a comment\n\npublic static partial class Functions");
        GeneratorRunResult result = Rerun(driver, compilation, shifted);

        AssertReasons(result, DifferentiableGenerator.TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, DifferentiableGenerator.TrackingNames.Files, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs)
                .Where(o => o.Value is Models.TypeFileModel),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Edit_of_the_method_body_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Functions);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        GeneratorRunResult result = Rerun(driver, compilation, Functions.Replace("Math.Sin(x * y) + x", "Math.Cos(x * y) + x"));

        AssertReasons(result, DifferentiableGenerator.TrackingNames.Models, IncrementalStepRunReason.Modified);
        AssertReasons(result, DifferentiableGenerator.TrackingNames.Files, IncrementalStepRunReason.Modified);
        Assert.Contains("Math.Cos(", result.GeneratedSources.Single().SourceText.ToString());
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, CSharpCompilation compilation, string newSource)
    {
        SyntaxTree tree = compilation.SyntaxTrees.First();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(newSource, GeneratorHarness.ParseOptions, tree.FilePath));
        return driver.RunGenerators(edited).GetRunResult().Results.Single();
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Contains(output.Reason, allowed));
    }
}
