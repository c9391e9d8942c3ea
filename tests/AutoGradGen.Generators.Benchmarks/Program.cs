using System.Linq;
using AutoGradGen.Generators.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AutoGradGen.Generators.Benchmarks -- --filter '*'   (BenchmarkDotNet suites)
// dotnet run -c Release --project tests/AutoGradGen.Generators.Benchmarks -- validate       (setup checks, compile check of the generated code, rough timings)
if (args.FirstOrDefault() == "validate")
{
    Validation.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(FromScratchBenchmarks).Assembly).Run(args);
