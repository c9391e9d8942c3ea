using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Benchmarks;

/// <summary>
/// Without BenchmarkDotNet: runs every benchmark's setup checks, compiles the synthetic projects with
/// their generated code (they must have no errors, or the generator would be measured on code it
/// rejects), and prints rough single-shot timings.
/// </summary>
internal static class Validation
{
    public static void Run()
    {
        foreach (Flavour flavour in Enum.GetValues<Flavour>())
        {
            foreach (int methods in new[] { 1, 50, 200 })
            {
                var scratch = new FromScratchBenchmarks { Flavour = flavour, Methods = methods };
                scratch.Setup();
                CSharpCompilation compilation = GeneratorRig.Compilation(flavour, methods);
                GeneratorRig.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
                Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                int lines = compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
                int generatedLines = output.SyntaxTrees.Sum(t => t.GetText().Lines.Count) - lines;
                Console.WriteLine($"{flavour,-6} {methods,3} methods: {lines,6} lines in, {generatedLines,6} lines generated, {diagnostics.Length} generator diagnostics, {errors.Length} compile errors{(errors.Length > 0 ? ", first: " + errors[0] : string.Empty)}");
                Console.WriteLine($"    from scratch: {Time(() => scratch.FromScratch())}; for reference, the compiler binding every method body of a fresh clone: {Time(() => BindBodies(compilation))}");
            }

            var rerun = new RerunBenchmarks { Flavour = flavour, Methods = 200 };
            rerun.Setup();
            Console.WriteLine($"{flavour,-6} 200 methods re-run checks passed; unrelated edit: {Time(() => rerun.UnrelatedEdit())}; method body edit: {Time(() => rerun.MethodBodyEdit())}");
            StepBreakdown(flavour);
        }
    }

    /// <summary>Where a re-run spends its time: the tracked steps (run reasons and elapsed time), with step tracking on.</summary>
    private static void StepBreakdown(Flavour flavour)
    {
        CSharpCompilation original = GeneratorRig.Compilation(flavour, 200);
        GeneratorDriver tracked = GeneratorRig.CreateDriver(track: true).RunGenerators(original);
        foreach ((string edit, CSharpCompilation compilation) in new[]
        {
            ("unrelated edit", GeneratorRig.WithUnrelatedEdit(original)),
            ("method body edit", GeneratorRig.WithMethodBodyEdit(original, flavour, 200)),
        })
        {
            GeneratorRunResult result = tracked.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
            Console.WriteLine($"    {edit}, tracked steps:");
            foreach (var step in result.TrackedSteps.Concat(result.TrackedOutputSteps))
            {
                string reasons = string.Join(", ", step.Value.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key} {g.Count()}"));
                double elapsed = step.Value.Sum(s => s.ElapsedTime.TotalMilliseconds);
                Console.WriteLine($"      {step.Key,-60} {elapsed,9:0.0} ms  {reasons}");
            }
        }
    }

    /// <summary>Not the generator's work: what binding the user's method bodies costs the compiler, as a floor for the generator's semantic work.</summary>
    private static int BindBodies(CSharpCompilation compilation)
    {
        CSharpCompilation clone = compilation.Clone();
        return clone.SyntaxTrees.Sum(tree => clone.GetSemanticModel(tree).GetMethodBodyDiagnostics().Length);
    }

    private static string Time(Func<int> action)
    {
        const int runs = 5;
        double best = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return $"best of {runs} {best:0.00} ms";
    }
}
