using System;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests.Training;

/// <summary>A warm training step allocates nothing: layers reuse buffers, generated pullbacks use pooled tapes.</summary>
public class AllocationFreeStepTests
{
    [Fact]
    public void A_warm_training_step_allocates_nothing()
    {
        // Small products stay on this thread, so its own count covers the whole step (see ParallelStepAllocationTests for the parallel one).
        const int batch = 8, features = 12, classes = 4;
        var model = new Sequential<double>(
            new Dense<double>(features, 16, seed: 1), new BatchNorm1d<double>(16), new ReLU<double>(), new Dropout<double>(0.2, seed: 3),
            new Dense<double>(16, 16, seed: 2), new Tanh<double>(), new LeakyReLU<double>(), new Dense<double>(16, classes, seed: 4));
        var optimizer = new Adam<double>(model.Parameters(), new AdamOptions { LearningRate = 1e-3, Amsgrad = true });
        var random = new Random(5);
        var input = new Tensor<double>(batch, features);
        for (int i = 0; i < input.Length; i++)
        {
            input.Span[i] = random.NextDouble() * 2 - 1;
        }

        int[] labels = { 0, 1, 2, 3, 0, 1, 2, 3 };
        var logitsGradient = new Tensor<double>(batch, classes);
        double sink = 0;
        void Steps(int count)
        {
            for (int step = 0; step < count; step++)
            {
                optimizer.ZeroGrad();
                Tensor<double> logits = model.Forward(input);
                sink += Loss.SoftmaxCrossEntropyGradient(logits.Span, labels, classes, logitsGradient.Span);
                model.Backward(logitsGradient);
                optimizer.Step();
            }
        }

        Steps(3); // JIT, pooled tapes, optimizer state
        long before = GC.GetAllocatedBytesForCurrentThread();
        Steps(20);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(double.IsFinite(sink));
        Assert.Equal(0, allocated);
    }
}

/// <summary>
/// The benchmark's step (MlpStepBenchmarks: 784-256-256-10 ReLU MLP, batch 128, softmax
/// cross-entropy, Adam) at float allocates nothing on any thread: the first layer's products are
/// above the matmul's parallel threshold, so on a multi-core machine their row blocks run on the
/// worker pool's threads, whose allocations are counted with this thread's. Serial, so that no other
/// test's product borrows the pool's threads while it measures.
/// </summary>
[Collection(SerialCollection.Name)]
public class ParallelStepAllocationTests
{
    [Fact]
    public void A_warm_float32_mlp_step_at_batch_128_allocates_nothing_on_any_thread()
    {
        long allocated = Layers.Float32Tests.WarmStepAllocations(batch: 128, steps: 10, allThreads: true);
        Assert.Equal(0, allocated);
    }
}
