using System.Linq;
using AutoGradGen.Benchmarks.Suites;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- --filter '*'   (BenchmarkDotNet suites)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- quick          (rough ratio table)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- matmul         (rough sgemm GFLOP/s)
// dotnet run -c Release --project tests/AutoGradGen.Benchmarks -- mlp            (rough MLP step, float64 and float32)
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

if (args.FirstOrDefault() == "mlp")
{
    for (int round = 0; round < 3; round++)
    {
        System.Console.WriteLine($"MLP step: float64 {MlpStep<double>.QuickMilliseconds(40):F2} ms, float32 {MlpStep<float>.QuickMilliseconds(40):F2} ms");
        var warm = new MlpStep<float>();
        for (int i = 0; i < 5; i++)
        {
            warm.Run();
        }

        long before = System.GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 10; i++)
        {
            warm.Run();
        }

        System.Console.WriteLine($"  allocated by the process in 10 warm float32 steps: {System.GC.GetTotalAllocatedBytes(precise: true) - before} B");
    }

    return 0;
}

if (args.FirstOrDefault() == "quick")
{
    QuickRatios.Run();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRatios).Assembly).Run(args);
return 0;
