using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Benchmarks;

/// <summary>
/// Brings the generator's and Roslyn's code to its steady (tier-1) JIT state before measuring, as in a
/// long-lived IDE process. Without it, the small cases (1 method: a few invocations per iteration) are
/// measured partly on tier-0 code: each per-method code path needs ~30 calls before it is recompiled
/// optimized, and a 1-method benchmark makes few calls per path in BenchmarkDotNet's own warmup.
/// </summary>
internal static class JitWarmup
{
    private const int Methods = 3; // every scalar shape and both loop shapes
    private const int Runs = 50;

    public static void Run(Flavour flavour)
    {
        CSharpCompilation original = GeneratorRig.Compilation(flavour, Methods);
        CSharpCompilation unrelated = GeneratorRig.WithUnrelatedEdit(original);
        CSharpCompilation edited = GeneratorRig.WithMethodBodyEdit(original, flavour, Methods);
        GeneratorDriver cached = GeneratorRig.CreateDriver().RunGenerators(original);
        for (int i = 0; i < Runs; i++)
        {
            GeneratorRig.CreateDriver().RunGenerators(original.Clone()).GetRunResult();
            cached.RunGenerators(unrelated.Clone()).GetRunResult();
            cached.RunGenerators(edited.Clone()).GetRunResult();
        }

        Thread.Sleep(1000); // let the background tier-1 compilations finish
    }
}
