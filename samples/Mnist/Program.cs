using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using MnistSample;

// dotnet run -c Release --project samples/Mnist                 the main job: train the default MLP
// dotnet run -c Release --project samples/Mnist -- optimizers   SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam
// dotnet run -c Release --project samples/Mnist -- init         std 0.01 vs Xavier vs He, sigmoid and ReLU
// dotnet run -c Release --project samples/Mnist -- batchnorm    with and without batch normalization
// dotnet run -c Release --project samples/Mnist -- overfit      none vs weight decay vs dropout on 300 digits
// dotnet run -c Release --project samples/Mnist -- --help       every option and experiment
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var dataOption = new Option<string?>("--data") { Description = "Folder with the four MNIST IDX files (plain or .gz); defaults to the 8,000/2,000 digits bundled with the sample." };
var outputOption = new Option<string>("--output") { Description = "Folder for the PNG charts and the saved model.", DefaultValueFactory = _ => "mnist-output" };
var epochsOption = new Option<int>("--epochs") { Description = "Passes over the training digits.", DefaultValueFactory = _ => 12 };
var batchOption = new Option<int>("--batch-size") { Description = "Digits per mini-batch.", DefaultValueFactory = _ => 64 };
var rateOption = new Option<double>("--learning-rate") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 1e-3 };
var seedOption = new Option<int>("--seed") { Description = "Seed of the initial weights and the batch order.", DefaultValueFactory = _ => 1 };
var quickOption = new Option<bool>("--quick") { Description = "A few batches only: checks that everything runs (used by the test suite)." };

var root = new RootCommand("Trains a 784-256-128-10 ReLU network (He initialization, Adam) on MNIST digits and reports the test accuracy.")
{
    dataOption, outputOption, epochsOption, batchOption, rateOption, seedOption, quickOption,
};
root.SetAction(parse => Experiments.TrainDefault(Settings(parse), parse.GetValue(epochsOption), parse.GetValue(batchOption), parse.GetValue(rateOption)));

var optimizers = new Command("optimizers", "SGD, Momentum, Nesterov, AdaGrad, RMSProp and Adam on the same network and batches: loss curves in one PNG and a table.")
{
    dataOption, outputOption, seedOption, quickOption,
};
optimizers.SetAction(parse => Experiments.CompareOptimizers(Settings(parse)));
root.Subcommands.Add(optimizers);

foreach ((string name, string description, Func<SampleSettings, AutoGradGen.Training.ClassificationData, AutoGradGen.Training.ClassificationData, int> experiment) in new (string, string, Func<SampleSettings, AutoGradGen.Training.ClassificationData, AutoGradGen.Training.ClassificationData, int>)[]
{
    ("init", "Weight initialization: std 0.01 vs Xavier vs He with sigmoid and ReLU; activation histograms per layer and loss curves.", NotesExperiments.Initialization),
    ("batchnorm", "Batch normalization: training with and without it across initial weight scales.", NotesExperiments.BatchNormalization),
    ("overfit", "Overfitting on 300 digits with a deep network: none vs weight decay vs dropout, train/test accuracy curves.", NotesExperiments.Overfitting),
})
{
    var command = new Command(name, description) { dataOption, outputOption, seedOption, quickOption };
    command.SetAction(parse => Experiments.RunNotesExperiment(Settings(parse), experiment));
    root.Subcommands.Add(command);
}

return root.Parse(args).Invoke();

SampleSettings Settings(ParseResult parse)
{
    string data = parse.GetValue(dataOption) ?? Path.Combine(AppContext.BaseDirectory, "Data");
    string output = Path.GetFullPath(parse.GetValue(outputOption)!);
    return new SampleSettings(data, output, parse.GetValue(seedOption), parse.GetValue(quickOption));
}
