using System;
using System.Collections.Generic;
using System.Linq;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using AutoGradGen.Training;

namespace AutoGradGen.Tests.Training;

/// <summary>The training loop: user losses through their generated Gradient, seeded runs, NaN stops.</summary>
public class TrainerTests
{
    [Fact]
    public void A_user_defined_differentiable_loss_trains_a_network_end_to_end()
    {
        (ClassificationData train, ClassificationData test) = Blobs(seed: 3);
        Module<double> model = new Sequential<double>(new Dense<double>(2, 16, seed: 1), new Tanh<double>(), new Dense<double>(16, 3, seed: 2));
        var optimizer = new Adam<double>(model.Parameters(), new AdamOptions { LearningRate = 0.02 });

        // The generated SmoothHingeGradient converts to the trainer's delegate: no adapter code.
        var trainer = new Trainer<double>(model, optimizer, UserLosses.SmoothHingeGradient, new TrainerOptions { Epochs = 25, BatchSize = 32, Seed = 4 });
        double before = trainer.Evaluate(test).Loss;
        IReadOnlyList<EpochReport> reports = trainer.Fit(train, test);

        Assert.Equal(25, reports.Count);
        Assert.True(reports[^1].TestLoss < before / 3, $"loss {before} -> {reports[^1].TestLoss}");
        Assert.True(reports[^1].TestAccuracy > 0.9, $"accuracy {reports[^1].TestAccuracy}");
        Assert.True(reports.Select(r => r.Elapsed).SequenceEqual(reports.Select(r => r.Elapsed).Order()));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_reports_every_batch()
    {
        (ClassificationData train, ClassificationData test) = Blobs(seed: 5);
        double[] Run(out int batches)
        {
            Module<double> model = new Sequential<double>(new Dense<double>(2, 8, seed: 1), new ReLU<double>(), new Dense<double>(8, 3, seed: 2));
            var trainer = new Trainer<double>(model, new Sgd<double>(model.Parameters(), new SgdOptions { LearningRate = 0.1, Momentum = 0.9 }), Loss.SoftmaxCrossEntropyGradient, new TrainerOptions { Epochs = 3, BatchSize = 50, Seed = 9 });
            int count = 0;
            trainer.BatchCompleted += report => count++;
            IReadOnlyList<EpochReport> reports = trainer.Fit(train, test);
            batches = count;
            return reports.SelectMany(r => new[] { r.TrainLoss, r.TrainAccuracy, r.TestLoss, r.TestAccuracy }).ToArray();
        }

        double[] first = Run(out int batches);
        double[] second = Run(out _);
        Assert.Equal(first, second);
        Assert.Equal(3 * ((train.Count + 49) / 50), batches);
    }

    [Fact]
    public void A_NaN_loss_stops_training_before_the_step_with_a_clear_message()
    {
        (ClassificationData train, _) = Blobs(seed: 6);
        Module<double> model = new Sequential<double>(new Dense<double>(2, 3, seed: 1));
        var optimizer = new Sgd<double>(model.Parameters(), new SgdOptions { LearningRate = 0.1 });
        int calls = 0;
        double[]? weightsBeforeThirdBatch = null;
        ClassificationLossGradient<double> poisoned = (logits, labels, classes, gradient) =>
        {
            if (++calls == 3)
            {
                weightsBeforeThirdBatch = model.Parameters().SelectMany(p => p.ValueArray).ToArray();
                gradient.Fill(double.NaN);
                return double.NaN;
            }

            return Loss.SoftmaxCrossEntropyGradient(logits, labels, classes, gradient);
        };

        var trainer = new Trainer<double>(model, optimizer, poisoned, new TrainerOptions { Epochs = 2, BatchSize = 20 });
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(train));

        Assert.Contains("NaN", error.Message);
        Assert.Contains("epoch 1, batch 3", error.Message);
        Assert.Equal(weightsBeforeThirdBatch, model.Parameters().SelectMany(p => p.ValueArray).ToArray());
    }

    [Fact]
    public void A_model_whose_output_does_not_match_the_classes_is_named_in_the_error()
    {
        (ClassificationData train, _) = Blobs(seed: 7);
        Module<double> model = new Sequential<double>(new Dense<double>(2, 4, seed: 1));
        var trainer = new Trainer<double>(model, new Sgd<double>(model.Parameters(), new SgdOptions { LearningRate = 0.1 }), Loss.SoftmaxCrossEntropyGradient);
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(train));
        Assert.Contains("3 outputs", error.Message);
    }

    [Fact]
    public void Batches_cover_every_example_once_per_epoch_in_a_seeded_order()
    {
        var iterator = new BatchIterator(count: 10, batchSize: 4, seed: 1);
        int[][] epoch1 = iterator.NextEpoch().Select(b => b.ToArray()).ToArray();
        int[][] epoch2 = iterator.NextEpoch().Select(b => b.ToArray()).ToArray();
        Assert.Equal(new[] { 4, 4, 2 }, epoch1.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 10), epoch1.SelectMany(b => b).Order());
        Assert.Equal(Enumerable.Range(0, 10), epoch2.SelectMany(b => b).Order());
        Assert.NotEqual(epoch1.SelectMany(b => b), epoch2.SelectMany(b => b));

        var again = new BatchIterator(count: 10, batchSize: 4, seed: 1);
        Assert.Equal(epoch1.SelectMany(b => b), again.NextEpoch().SelectMany(b => b.ToArray()));
        Assert.Equal(Enumerable.Range(0, 10), new BatchIterator(10, 4, 1, shuffle: false).NextEpoch().SelectMany(b => b.ToArray()));
    }

    [Fact]
    public void Data_with_a_label_out_of_range_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClassificationData(new double[4], new[] { 0, 3 }, features: 2, classes: 3));
        Assert.Contains("Label 1 is 3", error.Message);
        Assert.Throws<ArgumentException>(() => new ClassificationData(new double[5], new[] { 0, 1 }, features: 2, classes: 3));
    }

    /// <summary>Three Gaussian blobs in the plane, 300 training and 150 test points.</summary>
    internal static (ClassificationData Train, ClassificationData Test) Blobs(int seed)
    {
        var random = new Random(seed);
        double[][] centers = { new[] { 0.0, 2.0 }, new[] { -2.0, -1.0 }, new[] { 2.0, -1.0 } };
        ClassificationData Make(int count)
        {
            var inputs = new double[count * 2];
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                labels[i] = i % 3;
                for (int d = 0; d < 2; d++)
                {
                    double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    inputs[2 * i + d] = centers[labels[i]][d] + 0.6 * gaussian;
                }
            }

            return new ClassificationData(inputs, labels, features: 2, classes: 3);
        }

        return (Make(300), Make(150));
    }
}

/// <summary>A loss a user writes: its generated Gradient plugs into <see cref="Trainer"/> as it is.</summary>
public static partial class UserLosses
{
    /// <summary>
    /// A smoothed multiclass hinge: mean over the batch of Σ_{j ≠ y} softplus(zⱼ − z_y + 1), a
    /// differentiable stand-in for the CS231n SVM loss.
    /// </summary>
    [Differentiable]
    public static double SmoothHinge(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, int classes)
    {
        double total = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            double correct = logits[n * classes + labels[n]];
            for (int j = 0; j < classes; j++)
            {
                if (j != labels[n])
                {
                    double margin = logits[n * classes + j] - correct + 1;
                    total += Math.Max(margin, 0) + Math.Log(1 + Math.Exp(-Math.Abs(margin)));
                }
            }
        }

        return total / labels.Length;
    }
}
