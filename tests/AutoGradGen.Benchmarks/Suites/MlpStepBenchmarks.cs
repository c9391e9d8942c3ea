using System;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace AutoGradGen.Benchmarks.Suites;

/// <summary>Runs a suite on 1 and on 2 threads (DOTNET_PROCESSOR_COUNT caps the matmul's parallelism too).</summary>
public sealed class ThreadsConfig : ManualConfig
{
    public ThreadsConfig()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1)
                .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_PROCESSOR_COUNT", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .WithId(threads == 1 ? "1 thread" : $"{threads} threads"));
        }
    }
}

/// <summary>
/// One training step of a 784-256-256-10 MLP (ReLU, batch 128, softmax cross-entropy, Adam) in double:
/// zero the gradients, forward, loss and its generated gradient, backward through the layers'
/// generated pullbacks, optimizer step.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThreadsConfig))]
public class MlpStepBenchmarks
{
    private const int Batch = 128;
    private Sequential<double> model = null!;
    private Adam<double> optimizer = null!;
    private Tensor<double> input = null!;
    private int[] labels = Array.Empty<int>();
    private Tensor<double> logitsGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        model = new Sequential<double>(new Dense<double>(784, 256, seed: 1), new ReLU<double>(), new Dense<double>(256, 256, seed: 2), new ReLU<double>(), new Dense<double>(256, 10, seed: 3));
        optimizer = new Adam<double>(model.Parameters(), new AdamOptions { LearningRate = 1e-3 });
        var random = new Random(4);
        input = new Tensor<double>(Batch, 784);
        for (int i = 0; i < input.Length; i++)
        {
            input.Span[i] = random.NextDouble();
        }

        labels = new int[Batch];
        for (int i = 0; i < Batch; i++)
        {
            labels[i] = random.Next(10);
        }

        logitsGradient = new Tensor<double>(Batch, 10);
    }

    [Benchmark]
    public double TrainingStep()
    {
        optimizer.ZeroGrad();
        Tensor<double> logits = model.Forward(input);
        double loss = Loss.SoftmaxCrossEntropyGradient(logits.Span, labels, 10, logitsGradient.Span);
        model.Backward(logitsGradient);
        optimizer.Step();
        return loss;
    }
}
