using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Benchmarks;

/// <summary>
/// Re-runs after an edit, on a 200-method project: the driver that already ran on the original
/// compilation is given the edited one, as the IDE does after a keystroke.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="GeneratorDriver"/> is immutable: <c>RunGenerators</c> returns a new driver and leaves the
/// one it was called on as it was. So every invocation starts from the same state, <see cref="cached"/>
/// (the tables of a run on the original compilation), and performs the same transition original → edited.
/// Nothing is carried from one invocation to the next, so no IterationSetup (which would force one
/// invocation per iteration) and no alternation between two variants are needed. Alternation would only
/// be needed if the benchmark kept the returned driver: then the second run on the same edited
/// compilation would find everything cached and measure a no-op.
/// </para>
/// <para>
/// As in <see cref="FromScratchBenchmarks"/>, each invocation runs on a clone of the edited compilation:
/// the same trees (so the driver sees exactly one changed tree) but new symbols, as a new compilation
/// after an edit has, so the semantic work of the re-run is not served from the previous invocation.
/// </para>
/// </remarks>
[Config(typeof(ShortRunConfig))]
public class RerunBenchmarks
{
    private GeneratorDriver cached = null!;
    private CSharpCompilation unrelatedEdit = null!;
    private CSharpCompilation methodBodyEdit = null!;

    [Params(200)]
    public int Methods { get; set; }

    [ParamsAllValues]
    public Flavour Flavour { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        JitWarmup.Run(Flavour);
        int expected = SyntheticProject.ExpectedFiles(Methods);
        CSharpCompilation original = GeneratorRig.Compilation(Flavour, Methods);
        unrelatedEdit = GeneratorRig.WithUnrelatedEdit(original);
        methodBodyEdit = GeneratorRig.WithMethodBodyEdit(original, Flavour, Methods);

        cached = GeneratorRig.CreateDriver().RunGenerators(original);
        GeneratorRig.Check(cached, expected, "first run");
        GeneratorRig.Check(cached.RunGenerators(unrelatedEdit.Clone()), expected, "after an unrelated edit");
        GeneratorRig.Check(cached.RunGenerators(methodBodyEdit.Clone()), expected, "after a method body edit");
        if (UnrelatedEdit() != expected || MethodBodyEdit() != expected)
        {
            throw new InvalidOperationException("The benchmark bodies do not generate the expected files.");
        }

        CheckWhatIsCached(original, expected);
    }

    /// <summary>With step tracking on (a separate driver, not the measured one): what each edit re-does.</summary>
    private void CheckWhatIsCached(CSharpCompilation original, int expected)
    {
        GeneratorDriver tracked = GeneratorRig.CreateDriver(track: true).RunGenerators(original);

        GeneratorRunResult unrelated = GeneratorRig.Check(tracked.RunGenerators(unrelatedEdit.Clone()), expected, "tracked, unrelated edit");
        Require(GeneratorRig.Reasons(unrelated, DifferentiableGenerator.TrackingNames.Models).All(IsCached), "unrelated edit: every model cached or unchanged");
        Require(GeneratorRig.Reasons(unrelated, DifferentiableGenerator.TrackingNames.Files).All(IsCached), "unrelated edit: every file model cached or unchanged");
        Require(GeneratorRig.OutputReasons(unrelated).All(r => r == IncrementalStepRunReason.Cached), "unrelated edit: every output cached");

        GeneratorRunResult edited = GeneratorRig.Check(tracked.RunGenerators(methodBodyEdit.Clone()), expected, "tracked, method body edit");
        Require(GeneratorRig.Reasons(edited, DifferentiableGenerator.TrackingNames.Models).Count(r => !IsCached(r)) == 1, "method edit: exactly one model modified");
        Require(GeneratorRig.Reasons(edited, DifferentiableGenerator.TrackingNames.Files).Count(r => !IsCached(r)) == 1, "method edit: exactly one file model modified");
        Require(GeneratorRig.OutputReasons(edited).Count(r => r != IncrementalStepRunReason.Cached) == 1, "method edit: exactly one output re-run");
        string constant = SyntheticProject.Constant(SyntheticProject.EditedMethod, edited: true);
        Require(
            edited.GeneratedSources.Any(s => s.SourceText.ToString().Contains(constant, StringComparison.Ordinal)),
            "method edit: the new constant is in the generated code");
    }

    private static bool IsCached(IncrementalStepRunReason reason)
        => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Incrementality check failed: " + what);
        }
    }

    [Benchmark]
    public int UnrelatedEdit() => cached.RunGenerators(unrelatedEdit.Clone()).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int MethodBodyEdit() => cached.RunGenerators(methodBodyEdit.Clone()).GetRunResult().GeneratedTrees.Length;
}
