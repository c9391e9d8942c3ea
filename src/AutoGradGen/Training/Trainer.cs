using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Threading;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;

namespace AutoGradGen.Training;

/// <summary>
/// A classification loss over a batch of logits and its gradient: the shape of the <c>…Gradient</c>
/// method the generator writes for <c>[Differentiable] double L(ReadOnlySpan&lt;double&gt; logits,
/// ReadOnlySpan&lt;int&gt; labels, int classes)</c>, so <c>Loss.SoftmaxCrossEntropyGradient</c> or your
/// own loss's generated method converts to it directly.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public delegate T ClassificationLossGradient<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, Span<T> logitsGradient);

/// <summary>How <see cref="Trainer{T}"/> runs.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per mini-batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seeds the shuffling: the same seed, model and data give the same run.</summary>
    public int Seed { get; init; }

    /// <summary>Stop after this many batches in total (for quick runs); null for no limit.</summary>
    public int? MaxBatches { get; init; }
}

/// <summary>One batch's result, for progress displays.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Batch">The batch within the epoch, from 1.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The batch's mean loss (before the step).</param>
public readonly record struct BatchReport(int Epoch, int Batch, int Batches, double Loss);

/// <summary>One epoch's result.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">Mean loss over the epoch's batches, as they were trained.</param>
/// <param name="TrainAccuracy">Fraction of the epoch's examples classified correctly as they were trained.</param>
/// <param name="TestLoss">Mean loss on the test data in evaluation mode after the epoch, or NaN without test data.</param>
/// <param name="TestAccuracy">Accuracy on the test data after the epoch, or NaN without test data.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, TimeSpan Elapsed);

/// <summary>Loss and accuracy of a model on a data set.</summary>
public readonly record struct Evaluation(double Loss, double Accuracy);

/// <summary>Thrown when the loss becomes NaN or infinite; the step that would have used it was not taken.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>An exception with a message saying where training diverged.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The mini-batch training loop: per batch, forward, loss and its gradient (through the generated
/// <see cref="ClassificationLossGradient{T}"/>), backward, optimizer step; per epoch, evaluation on the test
/// data and a report. A NaN or infinite loss stops training before the step that would spread it into
/// the parameters, with a message naming the epoch and batch.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Trainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Module<T> model;
    private readonly IOptimizer optimizer;
    private readonly ClassificationLossGradient<T> loss;

    // Reused across batches of the same size, so that a training step allocates nothing once warm.
    private Tensor<T>? inputBuffer;
    private Tensor<T>? gradientBuffer;

    /// <summary>A trainer of <paramref name="model"/> by <paramref name="optimizer"/> on <paramref name="loss"/>.</summary>
    public Trainer(Module<T> model, IOptimizer optimizer, ClassificationLossGradient<T> loss, TrainerOptions? options = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Options = options ?? new TrainerOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.Epochs, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.BatchSize, nameof(options));
    }

    /// <summary>The options this trainer runs with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Called after every batch (progress bars).</summary>
    public event Action<BatchReport>? BatchCompleted;

    /// <summary>Called after every epoch (loss and accuracy curves).</summary>
    public event Action<EpochReport>? EpochCompleted;

    /// <summary>Trains for <see cref="TrainerOptions.Epochs"/> epochs; returns one report per epoch.</summary>
    /// <exception cref="ArgumentException">The data does not fit the model's input or the loss.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (between batches).</exception>
    public IReadOnlyList<EpochReport> Fit(ClassificationData train, ClassificationData? test = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var batches = new BatchIterator(train.Count, Options.BatchSize, Options.Seed);
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        int batchesRun = 0;
        int[] labels = new int[Options.BatchSize];
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            model.Train();
            double lossSum = 0;
            int correct = 0, seen = 0, batchIndex = 0;
            foreach (ReadOnlyMemory<int> indices in batches.NextEpoch())
            {
                cancellationToken.ThrowIfCancellationRequested();
                batchIndex++;
                int size = indices.Length;
                Tensor<T> input = Buffer(ref inputBuffer, size, train.Features);
                train.Gather(indices.Span, input, labels.AsSpan(0, size));

                Tensor<T> logits = model.Forward(input);
                RequireLogits(logits, train.Classes);
                Tensor<T> logitsGradient = Buffer(ref gradientBuffer, size, train.Classes);
                double batchLoss = double.CreateTruncating(loss(logits.Span, labels.AsSpan(0, size), train.Classes, logitsGradient.Span));
                if (!double.IsFinite(batchLoss))
                {
                    throw new TrainingDivergedException(
                        $"The loss became {batchLoss} at epoch {epoch}, batch {batchIndex} of {batches.BatchesPerEpoch}; training stopped before that step, so the parameters hold their last finite values. " +
                        "Try a smaller learning rate, gradient-friendlier initialization, or check the inputs for NaN.");
                }

                optimizer.ZeroGrad();
                model.Backward(logitsGradient, inputGradient: false);
                optimizer.Step();

                lossSum += batchLoss * size;
                seen += size;
                correct += CountCorrect(logits, labels.AsSpan(0, size));
                BatchCompleted?.Invoke(new BatchReport(epoch, batchIndex, batches.BatchesPerEpoch, batchLoss));
                if (Options.MaxBatches is { } limit && ++batchesRun >= limit)
                {
                    break;
                }
            }

            Evaluation evaluation = test is null ? new Evaluation(double.NaN, double.NaN) : Evaluate(test);
            var report = new EpochReport(epoch, lossSum / seen, (double)correct / seen, evaluation.Loss, evaluation.Accuracy, clock.Elapsed);
            reports.Add(report);
            EpochCompleted?.Invoke(report);
            if (Options.MaxBatches is { } max && batchesRun >= max)
            {
                break;
            }
        }

        return reports;
    }

    /// <summary>Mean loss and accuracy on <paramref name="data"/> in evaluation mode (the model is left in evaluation mode).</summary>
    public Evaluation Evaluate(ClassificationData data, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(data);
        model.Eval();
        double lossSum = 0;
        int correct = 0;
        int[] labels = new int[Math.Min(batchSize, data.Count)];
        int[] indices = new int[labels.Length];
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int size = Math.Min(batchSize, data.Count - start);
            for (int i = 0; i < size; i++)
            {
                indices[i] = start + i;
            }

            var input = new Tensor<T>(size, data.Features);
            data.Gather(indices.AsSpan(0, size), input, labels.AsSpan(0, size));
            Tensor<T> logits = model.Forward(input);
            RequireLogits(logits, data.Classes);
            var unused = new T[logits.Length];
            lossSum += double.CreateTruncating(loss(logits.Span, labels.AsSpan(0, size), data.Classes, unused)) * size;
            correct += CountCorrect(logits, labels.AsSpan(0, size));
        }

        return new Evaluation(lossSum / data.Count, (double)correct / data.Count);
    }

    /// <summary>The index of each row's largest logit.</summary>
    public static int[] Predict(Tensor<T> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var classes = new int[logits.Rows];
        for (int row = 0; row < logits.Rows; row++)
        {
            classes[row] = ArgMax(logits.Row(row));
        }

        return classes;
    }

    private static int ArgMax(ReadOnlySpan<T> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++)
        {
            if (values[j] > values[best])
            {
                best = j;
            }
        }

        return best;
    }

    private static Tensor<T> Buffer(ref Tensor<T>? buffer, int rows, int columns)
    {
        if (buffer is null || buffer.Rows != rows || buffer.Columns != columns)
        {
            buffer = new Tensor<T>(rows, columns);
        }

        return buffer;
    }

    private static int CountCorrect(Tensor<T> logits, ReadOnlySpan<int> labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            correct += ArgMax(logits.Row(i)) == labels[i] ? 1 : 0;
        }

        return correct;
    }

    private static void RequireLogits(Tensor<T> logits, int classes)
    {
        if (logits.Rank != 2 || logits.Columns != classes)
        {
            throw new ArgumentException($"The model's output has shape {logits.ShapeText}, but the data has {classes} classes: the last layer should have {classes} outputs.");
        }
    }
}
