using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using OptimizerPathsSample;
using Spectre.Console;

// The optimizer comparison of CS231n's notes and "Deep Learning from Scratch" (chapter 6): SGD,
// Momentum, Nesterov, AdaGrad, RMSProp and Adam on f(x, y) = x²/20 + y² from (−7, 2), with the
// runtime's optimizers and the generator's FGradient. Writes the paths as CSV and as a 2 × 3 figure.
//   dotnet run -c Release --project samples/OptimizerPaths -- --output optimizer-paths-output
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var outputOption = new Option<string>("--output") { Description = "Folder for optimizer-paths.csv and optimizer-paths.png.", DefaultValueFactory = _ => "optimizer-paths-output" };
var stepsOption = new Option<int>("--steps") { Description = "Optimizer steps from the start point (-7, 2).", DefaultValueFactory = _ => 30 };
var root = new RootCommand("Six optimizers on f(x, y) = x²/20 + y²: their paths from (-7, 2) as a CSV, a PNG and a table.") { outputOption, stepsOption };
root.SetAction(parse => Run(Path.GetFullPath(parse.GetValue(outputOption)!), parse.GetValue(stepsOption)));
return root.Parse(args).Invoke();

static int Run(string output, int steps)
{
    if (Console.IsOutputRedirected)
    {
        AnsiConsole.Profile.Width = 120; // keep the table readable in logs and CI output
    }

    if (steps < 1)
    {
        AnsiConsole.MarkupLine("[red]--steps must be at least 1.[/]");
        return 2;
    }

    List<OptimizerPath> paths = Paths.RunAll(steps);

    var table = new Table().AddColumns("optimizer", "settings", "final x", "final y", "final f(x, y)");
    foreach (OptimizerPath path in paths)
    {
        (double x, double y) = path.Points[^1];
        table.AddRow(Markup.Escape(path.Name), Markup.Escape(path.Settings), x.ToString("G6"), y.ToString("G6"), Surface.F(x, y).ToString("G6"));
    }

    table.Title = new TableTitle($"f(x, y) = x²/20 + y² after {steps} steps from (-7, 2)");
    AnsiConsole.Write(table);

    Directory.CreateDirectory(output);
    string csv = Path.Combine(output, "optimizer-paths.csv");
    File.WriteAllText(csv, Csv(paths));
    string png = Chart.Save(paths, Path.Combine(output, "optimizer-paths.png"));
    AnsiConsole.MarkupLine($"Wrote [blue]{Markup.Escape(csv)}[/] and [blue]{Markup.Escape(png)}[/]");
    Console.WriteLine($"output: {output}");
    return 0;
}

static string Csv(IEnumerable<OptimizerPath> paths)
{
    var text = new StringBuilder("optimizer,step,x,y\n");
    foreach (OptimizerPath path in paths)
    {
        for (int step = 0; step < path.Points.Count; step++)
        {
            (double x, double y) = path.Points[step];
            text.Append(CultureInfo.InvariantCulture, $"{path.Name},{step},{x.ToString("R", CultureInfo.InvariantCulture)},{y.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
    }

    return text.ToString();
}
