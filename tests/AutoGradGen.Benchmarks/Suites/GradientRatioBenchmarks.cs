using AutoGradGen.Benchmarks.HandWritten;
using AutoGradGen.Benchmarks.Objectives;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using static AutoGradGen.Benchmarks.Suites.Problems;

namespace AutoGradGen.Benchmarks.Suites;

/// <summary>
/// A short job for the gradient/function ratio suites (3 warmup and 10 measured iterations in one
/// process), so that all five classes finish in a few minutes; the Ratio column is gradient/function.
/// </summary>
public sealed class RatioConfig : ManualConfig
{
    public RatioConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1).WithId("Ratio"));
    }
}

/// <summary>log-sum-exp, n = 50,000.</summary>
[MemoryDiagnoser]
[Config(typeof(RatioConfig))]
public class LogSumExpBenchmarks
{
    private LogSumExpProblem problem = null!;

    [GlobalSetup]
    public void Setup() => problem = new LogSumExpProblem();

    [Benchmark(Baseline = true)]
    public double Function() => LogSumExp.Objective(problem.X);

    [Benchmark]
    public double Gradient() => LogSumExp.ObjectiveGradient(problem.X, problem.Gradient);
}

/// <summary>Polynomial least squares, 128 coefficients and 4,096 points.</summary>
[MemoryDiagnoser]
[Config(typeof(RatioConfig))]
public class LeastSquaresBenchmarks
{
    private LeastSquaresProblem problem = null!;

    [GlobalSetup]
    public void Setup() => problem = new LeastSquaresProblem();

    [Benchmark(Baseline = true)]
    public double Function() => LeastSquares.Objective(problem.W, problem.T, problem.Y);

    [Benchmark]
    public double Gradient() => LeastSquares.ObjectiveGradient(problem.W, problem.T, problem.Y, problem.Gradient);
}

/// <summary>GMM, d = 10, k = 25, n = 1,000, with the hand-written adjoint for comparison.</summary>
[MemoryDiagnoser]
[Config(typeof(RatioConfig))]
public class GmmBenchmarks
{
    private GmmProblem problem = null!;

    [GlobalSetup]
    public void Setup() => problem = new GmmProblem();

    [Benchmark(Baseline = true)]
    public double Function()
        => Gmm.Objective(GmmProblem.D, GmmProblem.K, problem.Alphas, problem.Means, problem.Icf, problem.X, 1.0, 0);

    [Benchmark]
    public double Gradient()
        => Gmm.ObjectiveGradient(
            GmmProblem.D, GmmProblem.K, problem.Alphas, problem.Means, problem.Icf, problem.X, 1.0, 0,
            problem.AlphasGradient, problem.MeansGradient, problem.IcfGradient);

    [Benchmark]
    public double HandWrittenGradient()
        => GmmAdjoint.ObjectiveGradient(
            GmmProblem.D, GmmProblem.K, problem.Alphas, problem.Means, problem.Icf, problem.X, 1.0, 0,
            problem.AlphasGradient, problem.MeansGradient, problem.IcfGradient);
}

/// <summary>LSTM, 2 layers, b = 14, 1,024 steps, with the hand-written adjoint for comparison.</summary>
[MemoryDiagnoser]
[Config(typeof(RatioConfig))]
public class LstmBenchmarks
{
    private LstmProblem problem = null!;

    [GlobalSetup]
    public void Setup() => problem = new LstmProblem();

    [Benchmark(Baseline = true)]
    public double Function()
        => Lstm.Objective(LstmProblem.Layers, LstmProblem.B, problem.Main, problem.Extra, problem.State, problem.Sequence);

    [Benchmark]
    public double Gradient()
        => Lstm.ObjectiveGradient(
            LstmProblem.Layers, LstmProblem.B, problem.Main, problem.Extra, problem.State, problem.Sequence,
            problem.MainGradient, problem.ExtraGradient, problem.StateGradient);

    [Benchmark]
    public double HandWrittenGradient()
        => LstmAdjoint.ObjectiveGradient(
            LstmProblem.Layers, LstmProblem.B, problem.Main, problem.Extra, problem.State, problem.Sequence,
            problem.MainGradient, problem.ExtraGradient, problem.StateGradient);
}

/// <summary>RK4 ODE, n = 1,000 species, 100 steps.</summary>
[MemoryDiagnoser]
[Config(typeof(RatioConfig))]
public class OdeBenchmarks
{
    private OdeProblem problem = null!;

    [GlobalSetup]
    public void Setup() => problem = new OdeProblem();

    [Benchmark(Baseline = true)]
    public double Function()
        => Ode.Objective(problem.Rates, problem.Initial, problem.Target, OdeProblem.Steps, OdeProblem.H);

    [Benchmark]
    public double Gradient()
        => Ode.ObjectiveGradient(
            problem.Rates, problem.Initial, problem.Target, OdeProblem.Steps, OdeProblem.H,
            problem.RatesGradient, problem.InitialGradient);
}
