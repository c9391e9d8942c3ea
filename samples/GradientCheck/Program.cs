using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using AutoGradGen.Checking;
using GradientCheckSample;
using Spectre.Console;

// Checks every generated gradient in Losses.cs against central differences (torch.autograd.gradcheck's
// defaults: ε = 1e-6, atol = 1e-5, rtol = 1e-3) at random points, prints the table, and exits with 1
// if any coordinate disagrees.
var pointsOption = new Option<int>("--points") { Description = "Random points per function.", DefaultValueFactory = _ => 3 };
var seedOption = new Option<int>("--seed") { Description = "Seed of the random points.", DefaultValueFactory = _ => 2024 };
var root = new RootCommand("Analytic (generated) vs numerical gradients of loss functions.") { pointsOption, seedOption };
root.SetAction(parse => Run(parse.GetValue(pointsOption), parse.GetValue(seedOption)));
return root.Parse(args).Invoke();

static int Run(int points, int seed)
{
    if (Console.IsOutputRedirected)
    {
        AnsiConsole.Profile.Width = 120; // keep the table readable in logs and CI output
    }

    if (points < 1)
    {
        AnsiConsole.MarkupLine("[red]--points must be at least 1.[/]");
        return 2;
    }

    var random = new Random(seed);
    double R(double scale) => (random.NextDouble() * 2 - 1) * scale;

    var cases = new List<(string Name, Func<GradientCheckReport> Check)>();
    for (int p = 0; p < points; p++)
    {
        double delta = 1.0;
        double[] huber = { R(3), R(3) };
        cases.Add(("Huber", () => GradientCheck.Run(
            x => Losses.Huber(x[0], x[1], delta),
            (x, g) => Losses.HuberGradient(x[0], x[1], delta, out g[0], out g[1]),
            huber, new[] { "prediction", "target" })));

        int label = random.Next(2);
        double[] logistic = { R(6) };
        cases.Add(("LogisticLoss", () => GradientCheck.Run(
            x => Losses.LogisticLoss(x[0], label),
            (x, g) => Losses.LogisticLossGradient(x[0], label, out g[0]),
            logistic, new[] { "logit" })));

        int label3 = random.Next(3);
        double[] logits = { R(4), R(4), R(4) };
        cases.Add(("SoftmaxCrossEntropy3", () => GradientCheck.Run(
            x => Losses.SoftmaxCrossEntropy3(x[0], x[1], x[2], label3),
            (x, g) => Losses.SoftmaxCrossEntropy3Gradient(x[0], x[1], x[2], label3, out g[0], out g[1], out g[2]),
            logits, new[] { "z0", "z1", "z2" })));

        double[] scores = { R(2), R(2), R(2) };
        cases.Add(("Hinge3", () => GradientCheck.Run(
            x => Losses.Hinge3(x[0], x[1], x[2], label3),
            (x, g) => Losses.Hinge3Gradient(x[0], x[1], x[2], label3, out g[0], out g[1], out g[2]),
            scores, new[] { "s0", "s1", "s2" })));

        double sample = R(2);
        double[] gaussian = { R(1), R(1) };
        cases.Add(("GaussianNll", () => GradientCheck.Run(
            x => Losses.GaussianNll(x[0], x[1], sample),
            (x, g) => Losses.GaussianNllGradient(x[0], x[1], sample, out g[0], out g[1]),
            gaussian, new[] { "mean", "logSigma" })));

        double[] banana = { R(2), R(2) };
        cases.Add(("Rosenbrock", () => GradientCheck.Run(
            x => Losses.Rosenbrock(x[0], x[1]),
            (x, g) => Losses.RosenbrockGradient(x[0], x[1], out g[0], out g[1]),
            banana, new[] { "x", "y" })));
    }

    // The CS231n linear classifiers: 3 classes, 4 features, 6 examples, every weight checked.
    const int classes = 3, features = 4, examples = 6;
    double[] weights = new double[classes * features];
    double[] inputs = new double[examples * features];
    int[] labels = new int[examples];
    for (int i = 0; i < weights.Length; i++)
    {
        weights[i] = R(0.5);
    }

    for (int i = 0; i < inputs.Length; i++)
    {
        inputs[i] = R(2);
    }

    for (int n = 0; n < examples; n++)
    {
        labels[n] = random.Next(classes);
    }

    string[] weightNames = new string[weights.Length];
    for (int i = 0; i < weightNames.Length; i++)
    {
        weightNames[i] = $"W[{i / features},{i % features}]";
    }

    cases.Add(("CS231n SVM", () => GradientCheck.Run(
        w => LinearClassifierLosses.Svm(w.ToArray(), inputs, labels, classes, 0.1),
        (w, g) => LinearClassifierLosses.SvmGradient(w.ToArray(), inputs, labels, classes, 0.1, g),
        weights, weightNames)));
    cases.Add(("CS231n softmax", () => GradientCheck.Run(
        w => LinearClassifierLosses.Softmax(w.ToArray(), inputs, labels, classes, 0.1),
        (w, g) => LinearClassifierLosses.SoftmaxGradient(w.ToArray(), inputs, labels, classes, 0.1, g),
        weights, weightNames)));

    var table = new Table().Border(TableBorder.Rounded).Title("Generated gradient vs central differences");
    table.AddColumns("function", "parameter", "analytic", "numeric", "abs error", "rel error", "ok");
    int failures = 0;
    foreach ((string name, Func<GradientCheckReport> check) in cases)
    {
        GradientCheckReport report = check();
        foreach (GradientCheckEntry entry in report.Entries)
        {
            failures += entry.Passed ? 0 : 1;
            table.AddRow(
                Markup.Escape(name),
                Markup.Escape(entry.Name),
                entry.Analytic.ToString("G10", CultureInfo.InvariantCulture),
                entry.Numeric.ToString("G10", CultureInfo.InvariantCulture),
                entry.AbsoluteError.ToString("E2", CultureInfo.InvariantCulture),
                entry.RelativeError.ToString("E2", CultureInfo.InvariantCulture),
                entry.Passed ? "[green]yes[/]" : "[red]NO[/]");
        }
    }

    AnsiConsole.Write(table);
    if (failures > 0)
    {
        AnsiConsole.MarkupLine($"[red]{failures} coordinate(s) disagree.[/]");
        return 1;
    }

    AnsiConsole.MarkupLine($"[green]All {cases.Count} checks passed.[/]");
    return 0;
}
