using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoGradGen;
using AutoGradGen.Checking;
using AutoGradGen.Datasets;
using AutoGradGen.Layers;
using AutoGradGen.Optimizers;
using AutoGradGen.Training;
using Spectre.Console;

// Annotate, compile, check, train: a loss of your own, from [Differentiable] to a trained MNIST network.
// dotnet run -c Release --project samples/CustomLoss [-- --epochs 5 | --quick | --data <folder>]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var epochsOption = new Option<int>("--epochs") { Description = "Passes over the training digits.", DefaultValueFactory = _ => 5 };
var quickOption = new Option<bool>("--quick") { Description = "1 epoch of 20 batches: checks that everything runs (used by the test suite)." };
var dataOption = new Option<string?>("--data") { Description = "Folder with the four MNIST IDX files (plain or .gz); defaults to the bundled digits." };
var outputOption = new Option<string>("--output") { Description = "Folder for the loss-curve PNG.", DefaultValueFactory = _ => "custom-loss-output" };
var root = new RootCommand("Checks the generated gradient of a focal loss, then trains a 784-128-10 MLP on MNIST with it.") { epochsOption, quickOption, dataOption, outputOption };
root.SetAction(parse => Run(parse.GetValue(epochsOption), parse.GetValue(quickOption), parse.GetValue(dataOption) ?? Path.Combine(AppContext.BaseDirectory, "Data"), parse.GetValue(outputOption)!));
return root.Parse(args).Invoke();

static int Run(int epochs, bool quick, string dataFolder, string outputFolder)
{
    // 1. Check: the generated FocalGradient against central differences on a random 4 × 10 batch.
    var random = new Random(7);
    double[] logits = Enumerable.Range(0, 4 * 10).Select(_ => 4 * random.NextDouble() - 2).ToArray();
    int[] labels = { 3, 0, 9, 3 };
    GradientCheckReport check = GradientCheck.Run(
        z => FocalLoss.Focal(z, labels, 10),
        (z, gradient) => FocalLoss.FocalGradient(z, labels, 10, gradient),
        logits);
    AnsiConsole.MarkupLine($"FocalGradient vs central differences, {logits.Length} logits: max error {check.MaxAbsoluteError:E2}");
    AnsiConsole.MarkupLine(check.Passed ? "[green]gradient check passed[/]" : "[red]gradient check FAILED[/]");
    if (!check.Passed)
    {
        Console.WriteLine(check);
        return 1;
    }

    // 2. Train: the generated FocalGradient is the trainer's loss delegate, as a method group.
    MnistDataset mnist;
    try
    {
        mnist = Mnist.Load(dataFolder);
    }
    catch (Exception error) when (error is IOException or InvalidDataException)
    {
        AnsiConsole.MarkupLine($"[red]Could not load MNIST:[/] {Markup.Escape(error.Message)}");
        return 2;
    }

    var train = new ClassificationData(mnist.Train.Pixels, mnist.Train.Labels, Mnist.PixelsPerImage, Mnist.Classes);
    var test = new ClassificationData(mnist.Test.Pixels, mnist.Test.Labels, Mnist.PixelsPerImage, Mnist.Classes);
    var hidden = new Dense<double>(Mnist.PixelsPerImage, 128, seed: 1);
    var output = new Dense<double>(128, Mnist.Classes, seed: 2);
    Initialize.HeNormal(hidden.Weight.Value, hidden.InFeatures, seed: 1);
    Initialize.HeNormal(output.Weight.Value, output.InFeatures, seed: 2);
    var model = new Sequential<double>(hidden, new ReLU<double>(), output);
    var optimizer = new Adam<double>(model.Parameters(), new AdamOptions { LearningRate = 1e-3 });
    var options = new TrainerOptions { Epochs = quick ? 1 : epochs, BatchSize = 64, Seed = 1, MaxBatches = quick ? 20 : null };
    var trainer = new Trainer<double>(model, optimizer, FocalLoss.FocalGradient, options);
    trainer.EpochCompleted += r => AnsiConsole.MarkupLine(
        $"epoch {r.Epoch}/{options.Epochs}  loss {r.TrainLoss:F4}  train acc {r.TrainAccuracy:F4}  test acc [green]{r.TestAccuracy:F4}[/]  {r.Elapsed.TotalSeconds:F1} s");

    AnsiConsole.MarkupLine($"784-128-10 ReLU, Adam, focal loss γ = {FocalLoss.Gamma}: {train.Count} digits");
    var losses = new System.Collections.Generic.List<double>();
    EpochReport last = null!;
    AnsiConsole.Progress().AutoClear(false).Start(context =>
    {
        var task = context.AddTask("training", maxValue: Math.Min(options.Epochs * ((train.Count + 63) / 64), options.MaxBatches ?? int.MaxValue));
        trainer.BatchCompleted += batch => { losses.Add(batch.Loss); task.Increment(1); };
        last = trainer.Fit(train, test)[^1];
        task.Value = task.MaxValue;
    });

    // 3. Look: the focal loss per batch, as a PNG.
    Directory.CreateDirectory(outputFolder);
    var plot = new ScottPlot.Plot();
    plot.Add.Scatter(Enumerable.Range(1, losses.Count).Select(i => (double)i).ToArray(), losses.ToArray()).MarkerSize = 0;
    plot.Title("Focal loss (γ = 2) per batch, 784-128-10 MLP on MNIST");
    plot.XLabel("batch");
    plot.YLabel("focal loss");
    string chart = Path.GetFullPath(Path.Combine(outputFolder, "focal-loss.png"));
    plot.SavePng(chart, 900, 540);
    AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(chart)}[/]");
    Console.WriteLine($"test accuracy: {last.TestAccuracy:F4}");
    return 0;
}

/// <summary>A loss of your own: mark it [Differentiable], build, and FocalGradient is generated next to it.</summary>
public static partial class FocalLoss
{
    /// <summary>The focusing exponent γ: 0 gives plain cross-entropy.</summary>
    public const double Gamma = 2;

    // Focal loss (Lin et al., 2017): the mean over the batch of −(1 − p_y)^γ log p_y, p = softmax(logits).
    // The factor (1 − p_y)^γ shrinks the loss of digits the network already gets right with confidence,
    // so training focuses on the hard ones. log p_y is computed with the row maximum subtracted (no overflow).
    [Differentiable]
    public static double Focal(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, int classes)
    {
        double total = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            int row = n * classes;
            double max = logits[row];
            for (int j = 1; j < classes; j++)
            {
                max = Math.Max(max, logits[row + j]);
            }

            double sum = 0;
            for (int j = 0; j < classes; j++)
            {
                sum += Math.Exp(logits[row + j] - max);
            }

            double logP = logits[row + labels[n]] - max - Math.Log(sum);
            total -= Math.Pow(1 - Math.Exp(logP), Gamma) * logP;
        }

        return total / labels.Length;
    }
}
