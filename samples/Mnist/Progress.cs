using System;
using System.Collections.Generic;
using AutoGradGen.Training;
using Spectre.Console;

namespace MnistSample;

/// <summary>Training with a Spectre.Console progress bar, and the per-epoch table.</summary>
internal static class Progress
{
    public static IReadOnlyList<EpochReport> Train(Trainer<double> trainer, ClassificationData train, ClassificationData test, string title)
    {
        IReadOnlyList<EpochReport> reports = Array.Empty<EpochReport>();
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                int epochs = trainer.Options.Epochs;
                int batchesPerEpoch = (train.Count + trainer.Options.BatchSize - 1) / trainer.Options.BatchSize;
                int total = Math.Min(epochs * batchesPerEpoch, trainer.Options.MaxBatches ?? int.MaxValue);
                ProgressTask task = context.AddTask(Markup.Escape(title), maxValue: total);
                void OnBatch(BatchReport report)
                {
                    task.Increment(1);
                    task.Description = Markup.Escape($"{title} · epoch {report.Epoch}/{epochs} · loss {report.Loss:F4}");
                }

                void OnEpoch(EpochReport report) => task.Description = Markup.Escape($"{title} · epoch {report.Epoch}/{epochs} · test accuracy {report.TestAccuracy:F4}");

                trainer.BatchCompleted += OnBatch;
                trainer.EpochCompleted += OnEpoch;
                try
                {
                    reports = trainer.Fit(train, test);
                }
                finally
                {
                    trainer.BatchCompleted -= OnBatch;
                    trainer.EpochCompleted -= OnEpoch;
                    task.Value = task.MaxValue;
                }
            });
        return reports;
    }

    public static void EpochTable(IReadOnlyList<EpochReport> reports)
    {
        var table = new Table().AddColumns("epoch", "train loss", "train accuracy", "test loss", "test accuracy", "elapsed");
        foreach (EpochReport report in reports)
        {
            table.AddRow(
                report.Epoch.ToString(),
                report.TrainLoss.ToString("F4"),
                report.TrainAccuracy.ToString("F4"),
                report.TestLoss.ToString("F4"),
                report.TestAccuracy.ToString("F4"),
                $"{report.Elapsed.TotalSeconds:F1} s");
        }

        AnsiConsole.Write(table);
    }
}
