using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using AutoGradGen;
using AutoGradGen.Datasets;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using AutoGradGen.Serialization;
using AutoGradGen.Training;
using Spectre.Console;

namespace MnistSample;

/// <summary>Where the data is, where outputs go, the seed, and whether to run only a few batches.</summary>
internal sealed record SampleSettings(string DataDirectory, string OutputDirectory, int Seed, bool Quick);

/// <summary>The sample's experiments: each trains, shows progress, writes PNGs and prints a summary.</summary>
internal static class Experiments
{
    private const int Pixels = 28 * 28;
    private const int Classes = 10;

    /// <summary>The main job: the default MLP with Adam; the last line printed is <c>test accuracy: 0.XXXX</c>.</summary>
    public static int TrainDefault(SampleSettings settings, int epochs, int batchSize, double learningRate)
    {
        if (!TryLoad(settings, out ClassificationData? train, out ClassificationData? test))
        {
            return 2;
        }

        Module<double> model = Networks.Mlp(new[] { Pixels, 256, 128, Classes }, Networks.Activation.Relu, Networks.Init.He, settings.Seed);
        var optimizer = new Adam<double>(model.Parameters(), new AdamOptions { LearningRate = learningRate });
        var options = new TrainerOptions { Epochs = settings.Quick ? 1 : epochs, BatchSize = batchSize, Seed = settings.Seed, MaxBatches = settings.Quick ? 20 : null };
        var trainer = new Trainer<double>(model, optimizer, Loss.SoftmaxCrossEntropyGradient, options);

        IReadOnlyList<EpochReport> reports = Progress.Train(trainer, train, test, "784-256-128-10 ReLU, Adam");
        Progress.EpochTable(reports);

        Directory.CreateDirectory(settings.OutputDirectory);
        string curves = Charts.TrainingCurves(reports, Path.Combine(settings.OutputDirectory, "mnist-training.png"));
        string modelPath = Path.Combine(settings.OutputDirectory, "mnist-mlp.safetensors");
        ModelCheckpoint.Save(modelPath, model, new Dictionary<string, string> { ["architecture"] = "784-256-128-10 relu", ["test_accuracy"] = reports[^1].TestAccuracy.ToString("F4") });
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(curves)}[/] and [blue]{Markup.Escape(modelPath)}[/]");
        AnsiConsole.MarkupLine($"Trained in {reports[^1].Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores.");
        Console.WriteLine($"test accuracy: {reports[^1].TestAccuracy:F4}");
        return 0;
    }

    /// <summary>The six optimizers of the notes on the same network, initial weights and batches.</summary>
    public static int CompareOptimizers(SampleSettings settings)
    {
        if (!TryLoad(settings, out ClassificationData? train, out ClassificationData? test))
        {
            return 2;
        }

        int epochs = settings.Quick ? 1 : 3;
        int? maxBatches = settings.Quick ? 10 : null;
        var contenders = new (string Name, Func<IEnumerable<Parameter<double>>, IOptimizer> Create)[]
        {
            ("SGD", p => new Sgd<double>(p, new SgdOptions { LearningRate = 0.01 })),
            ("Momentum", p => new Sgd<double>(p, new SgdOptions { LearningRate = 0.01, Momentum = 0.9 })),
            ("Nesterov", p => new Sgd<double>(p, new SgdOptions { LearningRate = 0.01, Momentum = 0.9, Nesterov = true })),
            ("AdaGrad", p => new Adagrad<double>(p, new AdagradOptions { LearningRate = 0.01 })),
            ("RMSProp", p => new RmsProp<double>(p, new RmsPropOptions { LearningRate = 1e-3 })),
            ("Adam", p => new Adam<double>(p, new AdamOptions { LearningRate = 1e-3 })),
        };

        var curves = new List<(string Name, List<double> Losses)>();
        var rows = new List<(string Name, double Loss, double Accuracy)>();
        foreach ((string name, Func<IEnumerable<Parameter<double>>, IOptimizer> create) in contenders)
        {
            Module<double> model = Networks.Mlp(new[] { Pixels, 100, 100, 100, 100, Classes }, Networks.Activation.Relu, Networks.Init.He, settings.Seed);
            var trainer = new Trainer<double>(model, create(model.Parameters()), Loss.SoftmaxCrossEntropyGradient, new TrainerOptions { Epochs = epochs, BatchSize = 128, Seed = settings.Seed, MaxBatches = maxBatches });
            var losses = new List<double>();
            trainer.BatchCompleted += report => losses.Add(report.Loss);
            IReadOnlyList<EpochReport> reports = Progress.Train(trainer, train, test, name);
            curves.Add((name, losses));
            rows.Add((name, reports[^1].TrainLoss, reports[^1].TestAccuracy));
        }

        var table = new Table().AddColumns("optimizer", "final epoch train loss", "test accuracy");
        foreach ((string name, double loss, double accuracy) in rows)
        {
            table.AddRow(name, loss.ToString("F4"), accuracy.ToString("F4"));
        }

        AnsiConsole.Write(table);
        Directory.CreateDirectory(settings.OutputDirectory);
        string path = Charts.LossCurves(curves, "Optimizers on MNIST (784-100-100-100-100-10, ReLU, He)", Path.Combine(settings.OutputDirectory, "mnist-optimizers.png"));
        AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(path)}[/]");
        return 0;
    }

    /// <summary>Loads the data and runs one of the notes' experiments on it.</summary>
    public static int RunNotesExperiment(SampleSettings settings, Func<SampleSettings, ClassificationData, ClassificationData, int> experiment)
        => TryLoad(settings, out ClassificationData? train, out ClassificationData? test) ? experiment(settings, train, test) : 2;

    private static bool TryLoad(SampleSettings settings, [NotNullWhen(true)] out ClassificationData? train, [NotNullWhen(true)] out ClassificationData? test)
    {
        train = test = null;
        try
        {
            MnistDataset data = Mnist.Load(settings.DataDirectory);
            train = new ClassificationData(data.Train.Pixels, data.Train.Labels, Pixels, Classes);
            test = new ClassificationData(data.Test.Pixels, data.Test.Labels, Pixels, Classes);
            AnsiConsole.MarkupLine($"MNIST from [blue]{Markup.Escape(settings.DataDirectory)}[/]: {train.Count} training and {test.Count} test digits.");
            return true;
        }
        catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLine($"[red]Could not load MNIST:[/] {Markup.Escape(error.Message)}");
            return false;
        }
    }
}
