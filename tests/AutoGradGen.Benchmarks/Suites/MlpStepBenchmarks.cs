using System;
using System.Numerics;
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
/// One training step of a 784-256-256-10 MLP (ReLU, batch 128, softmax cross-entropy, Adam) in float64
/// and float32: zero the gradients, forward, loss and its generated gradient, backward through the
/// layers' generated pullbacks, optimizer step.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThreadsConfig))]
public class MlpStepBenchmarks
{
    private MlpStep<double> float64 = null!;
    private MlpStep<float> float32 = null!;

    /// <summary>The element type of the model, the data and the optimizer state.</summary>
    [Params("float32", "float64")]
    public string Precision { get; set; } = "float32";

    [GlobalSetup]
    public void Setup()
    {
        if (Precision == "float64")
        {
            float64 = new MlpStep<double>();
        }
        else
        {
            float32 = new MlpStep<float>();
        }
    }

    [Benchmark]
    public double TrainingStep() => Precision == "float64" ? float64.Run() : float32.Run();
}

/// <summary>The model, optimizer and one fixed batch of a training step in <typeparamref name="T"/>.</summary>
public sealed class MlpStep<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public const int Batch = 128;
    private readonly Sequential<T> model;
    private readonly Adam<T> optimizer;
    private readonly Tensor<T> input;
    private readonly int[] labels;
    private readonly Tensor<T> logitsGradient;

    public MlpStep()
    {
        model = new Sequential<T>(new Dense<T>(784, 256, seed: 1), new ReLU<T>(), new Dense<T>(256, 256, seed: 2), new ReLU<T>(), new Dense<T>(256, 10, seed: 3));
        optimizer = new Adam<T>(model.Parameters(), new AdamOptions { LearningRate = 1e-3 });
        var random = new Random(4);
        input = new Tensor<T>(Batch, 784);
        for (int i = 0; i < input.Length; i++)
        {
            input.Span[i] = T.CreateTruncating(random.NextDouble());
        }

        labels = new int[Batch];
        for (int i = 0; i < Batch; i++)
        {
            labels[i] = random.Next(10);
        }

        logitsGradient = new Tensor<T>(Batch, 10);
    }

    /// <summary>One step; returns the batch loss.</summary>
    public double Run()
    {
        optimizer.ZeroGrad();
        Tensor<T> logits = model.Forward(input);
        T loss = Loss.SoftmaxCrossEntropyGradient(logits.Span, labels, 10, logitsGradient.Span);
        model.Backward(logitsGradient, inputGradient: false);
        optimizer.Step();
        return double.CreateTruncating(loss);
    }

    /// <summary>Rough timing without BenchmarkDotNet: the mean of <paramref name="steps"/> warm steps, in milliseconds.</summary>
    public static double QuickMilliseconds(int steps)
    {
        var step = new MlpStep<T>();
        for (int i = 0; i < 5; i++)
        {
            step.Run();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            step.Run();
        }

        return clock.Elapsed.TotalMilliseconds / steps;
    }
}
