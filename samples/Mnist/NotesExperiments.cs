using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoGradGen;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using AutoGradGen.Training;
using Spectre.Console;

namespace MnistSample;

/// <summary>
/// The study notes' experiments (CS231n lecture 3, "deep learning from scratch" chapter 6): weight
/// initialization, batch normalization, and overfitting cured by weight decay or dropout.
/// </summary>
internal static class NotesExperiments
{
    private const int Pixels = 28 * 28;
    private const int Classes = 10;

    /// <summary>
    /// Activation histograms of a 5-layer, 100-unit network for std 0.01 / Xavier / He with sigmoid and
    /// ReLU (saturation and vanishing activations), then training curves of the three with ReLU.
    /// </summary>
    public static int Initialization(SampleSettings settings, ClassificationData train, ClassificationData test)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var written = new List<string>();
        var batch = new Tensor<double>(200, Pixels);
        train.Gather(Enumerable.Range(0, 200).ToArray(), batch, new int[200]);
        var table = new Table().AddColumns("activation", "initialization", "std of layer 1 … 5 activations");
        foreach (Networks.Activation activation in new[] { Networks.Activation.Sigmoid, Networks.Activation.Relu })
        {
            foreach (Networks.Init init in new[] { Networks.Init.Std, Networks.Init.Xavier, Networks.Init.He })
            {
                Sequential<double> model = Networks.Mlp(new[] { Pixels, 100, 100, 100, 100, 100, Classes }, activation, init, settings.Seed);
                List<double[]> activations = Activations(model, batch);
                string name = $"{activation}-{(init == Networks.Init.Std ? "std001" : init.ToString())}".ToLowerInvariant();
                written.Add(Charts.ActivationHistograms(activations, $"{activation} activations, {InitName(init)} initialization", Path.Combine(settings.OutputDirectory, $"mnist-activations-{name}.png")));
                table.AddRow(activation.ToString(), InitName(init), string.Join("  ", activations.Select(a => StandardDeviation(a).ToString("F3"))));
            }
        }

        AnsiConsole.Write(table);

        var curves = new List<(string Name, List<double> Losses)>();
        foreach (Networks.Init init in new[] { Networks.Init.Std, Networks.Init.Xavier, Networks.Init.He })
        {
            Sequential<double> model = Networks.Mlp(new[] { Pixels, 100, 100, 100, 100, Classes }, Networks.Activation.Relu, init, settings.Seed);
            var trainer = new Trainer<double>(model, new Sgd<double>(model.Parameters(), new SgdOptions { LearningRate = 0.01 }), Loss.SoftmaxCrossEntropyGradient, Options(settings, epochs: 4, batchSize: 128));
            var losses = new List<double>();
            trainer.BatchCompleted += report => losses.Add(report.Loss);
            Progress.Train(trainer, train, test, $"ReLU, {InitName(init)}");
            curves.Add((InitName(init), losses));
        }

        written.Add(Charts.LossCurves(curves, "Weight initialization, 5-layer ReLU network, SGD", Path.Combine(settings.OutputDirectory, "mnist-initialization.png")));
        return Report(written);
    }

    /// <summary>Training accuracy with and without batch normalization for several initial weight scales (1,000 digits, SGD).</summary>
    public static int BatchNormalization(SampleSettings settings, ClassificationData train, ClassificationData test)
    {
        ClassificationData small = train.Take(1000);
        var series = new List<(string Name, double[] Values)>();
        var table = new Table().AddColumns("initial std", "final train accuracy without BN", "with BN");
        foreach (double std in new[] { 1.0, 0.1, 0.01, 0.001 })
        {
            var accuracies = new double[2][];
            var outcomes = new string[2];
            foreach (bool batchNorm in new[] { false, true })
            {
                Sequential<double> model = Networks.Mlp(new[] { Pixels, 100, 100, 100, 100, 100, Classes }, Networks.Activation.Relu, Networks.Init.Std, settings.Seed, batchNorm, std: std);
                var trainer = new Trainer<double>(model, new Sgd<double>(model.Parameters(), new SgdOptions { LearningRate = 0.01 }), Loss.SoftmaxCrossEntropyGradient, Options(settings, epochs: 15, batchSize: 100));
                // Without batch normalization, large initial weights make the logits overflow: the
                // trainer stops at the first NaN loss, and the chart shows the epochs before it.
                var completed = new List<EpochReport>();
                trainer.EpochCompleted += completed.Add;
                string outcome;
                try
                {
                    Progress.Train(trainer, small, test, $"std {std}, {(batchNorm ? "with" : "without")} batch norm");
                    outcome = completed[^1].TrainAccuracy.ToString("F4");
                }
                catch (TrainingDivergedException)
                {
                    outcome = $"diverged (NaN loss) in epoch {completed.Count + 1}";
                }

                accuracies[batchNorm ? 1 : 0] = completed.Select(r => r.TrainAccuracy).ToArray();
                outcomes[batchNorm ? 1 : 0] = outcome;
                series.Add(($"{(batchNorm ? "BN" : "no BN")}, std {std}", accuracies[batchNorm ? 1 : 0]));
            }

            table.AddRow(std.ToString(), outcomes[0], outcomes[1]);
        }

        AnsiConsole.Write(table);
        Directory.CreateDirectory(settings.OutputDirectory);
        return Report(new[] { Charts.Series(series, "Batch normalization across initial weight scales (1,000 digits)", "epoch", "training accuracy", Path.Combine(settings.OutputDirectory, "mnist-batchnorm.png")) });
    }

    /// <summary>300 training digits and a 7-layer network: no regularization, weight decay λ = 0.1, dropout 0.15.</summary>
    public static int Overfitting(SampleSettings settings, ClassificationData train, ClassificationData test)
    {
        ClassificationData small = train.Take(300);
        int[] sizes = { Pixels, 100, 100, 100, 100, 100, 100, Classes };
        var runs = new (string Name, double WeightDecay, double Dropout)[] { ("none", 0, 0), ("weight decay 0.1", 0.1, 0), ("dropout 0.15", 0, 0.15) };
        var series = new List<(string Name, double[] Values)>();
        var table = new Table().AddColumns("regularization", "train accuracy", "test accuracy", "gap");
        foreach ((string name, double weightDecay, double dropout) in runs)
        {
            Sequential<double> model = Networks.Mlp(sizes, Networks.Activation.Relu, Networks.Init.He, settings.Seed, dropout: dropout);
            var optimizer = new Sgd<double>(model.Parameters(), new SgdOptions { LearningRate = 0.01, WeightDecay = weightDecay });
            var trainer = new Trainer<double>(model, optimizer, Loss.SoftmaxCrossEntropyGradient, Options(settings, epochs: 150, batchSize: 100));
            IReadOnlyList<EpochReport> reports = Progress.Train(trainer, small, test, name);

            // Train accuracy measured in evaluation mode, as the test accuracy is (dropout off).
            double trainAccuracy = trainer.Evaluate(small).Accuracy;
            series.Add(($"{name}: train", reports.Select(r => r.TrainAccuracy).ToArray()));
            series.Add(($"{name}: test", reports.Select(r => r.TestAccuracy).ToArray()));
            table.AddRow(name, trainAccuracy.ToString("F4"), reports[^1].TestAccuracy.ToString("F4"), (trainAccuracy - reports[^1].TestAccuracy).ToString("F4"));
        }

        AnsiConsole.Write(table);
        Directory.CreateDirectory(settings.OutputDirectory);
        return Report(new[] { Charts.Series(series, "Overfitting on 300 digits: 7-layer ReLU network, SGD", "epoch", "accuracy", Path.Combine(settings.OutputDirectory, "mnist-overfitting.png")) });
    }

    private static TrainerOptions Options(SampleSettings settings, int epochs, int batchSize)
        => new() { Epochs = settings.Quick ? 1 : epochs, BatchSize = batchSize, Seed = settings.Seed, MaxBatches = settings.Quick ? 3 : null };

    /// <summary>The outputs of every activation layer for one batch, in training mode.</summary>
    private static List<double[]> Activations(Sequential<double> model, Tensor<double> batch)
    {
        var outputs = new List<double[]>();
        Tensor<double> x = batch;
        foreach (Module<double> module in model.Modules)
        {
            x = module.Forward(x);
            if (module is ReLU<double> or Sigmoid<double>)
            {
                outputs.Add(x.Array);
            }
        }

        return outputs;
    }

    private static string InitName(Networks.Init init) => init switch
    {
        Networks.Init.Std => "std 0.01",
        Networks.Init.Xavier => "Xavier",
        _ => "He",
    };

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    private static int Report(IEnumerable<string> written)
    {
        foreach (string path in written)
        {
            AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(path)}[/]");
        }

        return 0;
    }
}
