using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradGen.Generators.Benchmarks;

/// <summary>
/// The generator's first run on a project: a new driver (nothing cached) over a new compilation of
/// already parsed files, as when a project is opened or the generator's cache is dropped.
/// </summary>
/// <remarks>
/// Each invocation runs on <c>compilation.Clone()</c>: the clone shares the parsed trees and the
/// metadata of the references (as a long-lived IDE process does), but has new source symbols, so
/// binding the attributes, the method symbols and the bodies (the semantic work the generator asks
/// for) is redone every time instead of being served from the first invocation's compilation.
/// </remarks>
[Config(typeof(ShortRunConfig))]
public class FromScratchBenchmarks
{
    private CSharpCompilation compilation = null!;

    [Params(1, 50, 200)]
    public int Methods { get; set; }

    [ParamsAllValues]
    public Flavour Flavour { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        JitWarmup.Run(Flavour);
        compilation = GeneratorRig.Compilation(Flavour, Methods);
        int expected = SyntheticProject.ExpectedFiles(Methods);
        GeneratorRig.Check(GeneratorRig.CreateDriver().RunGenerators(compilation.Clone()), expected, $"from scratch, {Methods} {Flavour}");
        if (FromScratch() != expected)
        {
            throw new System.InvalidOperationException("The benchmark body does not generate the expected files.");
        }
    }

    [Benchmark]
    public int FromScratch()
    {
        GeneratorDriver driver = GeneratorRig.CreateDriver().RunGenerators(compilation.Clone());
        return driver.GetRunResult().GeneratedTrees.Length;
    }
}
