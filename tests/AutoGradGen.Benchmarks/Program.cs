using System.Linq;
using AutoGradGen.Benchmarks.Suites;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- --filter '*'   (BenchmarkDotNet suites)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- quick          (rough ratio table)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- matmul         (rough sgemm GFLOP/s)
if (args.FirstOrDefault() == "matmul")
{
    MatMulBenchmarks.Quick();
    return;
}

if (args.FirstOrDefault() == "quick")
{
    QuickRatios.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRatios).Assembly).Run(args);
