using System.Linq;
using AutoGradGen.Benchmarks.Suites;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- --filter '*'   (BenchmarkDotNet suites)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- quick          (rough ratio table)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- matmul         (rough sgemm GFLOP/s)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- scaling <dir>  (GMM/LSTM growth, log-log PNG)
// tests/AutoGradGen.Benchmarks/run-benchmarks.sh                                 (everything, beside PyTorch: README tables)
if (args.FirstOrDefault() == "report")
{
    return AutoGradGen.Benchmarks.Report.BenchmarkReport.Run(args[1..]);
}

if (args.FirstOrDefault() == "scaling")
{
    return Scaling.Run(args[1..]);
}

if (args.FirstOrDefault() == "matmul")
{
    MatMulBenchmarks.Quick();
    return 0;
}

if (args.FirstOrDefault() == "quick")
{
    QuickRatios.Run();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRatios).Assembly).Run(args);
return 0;
