using System;
using System.Diagnostics;
using AutoGradGen.Benchmarks.HandWritten;
using AutoGradGen.Benchmarks.Objectives;
using static AutoGradGen.Benchmarks.Suites.Problems;

namespace AutoGradGen.Benchmarks.Suites;

/// <summary>
/// A fast, rough gradient/function ratio table (Stopwatch, best of several runs) for development;
/// the README's figures come from the BenchmarkDotNet suites. Run: <c>… -- quick</c>.
/// </summary>
public static class QuickRatios
{
    public static void Run()
    {
        var lse = new LogSumExpProblem();
        Report("log-sum-exp", () => LogSumExp.Objective(lse.X), () => LogSumExp.ObjectiveGradient(lse.X, lse.Gradient));

        var llsq = new LeastSquaresProblem();
        Report("least squares", () => LeastSquares.Objective(llsq.W, llsq.T, llsq.Y), () => LeastSquares.ObjectiveGradient(llsq.W, llsq.T, llsq.Y, llsq.Gradient));

        var gmm = new GmmProblem();
        Report(
            "GMM",
            () => Gmm.Objective(GmmProblem.D, GmmProblem.K, gmm.Alphas, gmm.Means, gmm.Icf, gmm.X, 1.0, 0),
            () => Gmm.ObjectiveGradient(GmmProblem.D, GmmProblem.K, gmm.Alphas, gmm.Means, gmm.Icf, gmm.X, 1.0, 0, gmm.AlphasGradient, gmm.MeansGradient, gmm.IcfGradient),
            () => GmmAdjoint.ObjectiveGradient(GmmProblem.D, GmmProblem.K, gmm.Alphas, gmm.Means, gmm.Icf, gmm.X, 1.0, 0, gmm.AlphasGradient, gmm.MeansGradient, gmm.IcfGradient));

        var lstm = new LstmProblem();
        Report(
            "LSTM",
            () => Lstm.Objective(LstmProblem.Layers, LstmProblem.B, lstm.Main, lstm.Extra, lstm.State, lstm.Sequence),
            () => Lstm.ObjectiveGradient(LstmProblem.Layers, LstmProblem.B, lstm.Main, lstm.Extra, lstm.State, lstm.Sequence, lstm.MainGradient, lstm.ExtraGradient, lstm.StateGradient),
            () => LstmAdjoint.ObjectiveGradient(LstmProblem.Layers, LstmProblem.B, lstm.Main, lstm.Extra, lstm.State, lstm.Sequence, lstm.MainGradient, lstm.ExtraGradient, lstm.StateGradient));

        var ode = new OdeProblem();
        Report(
            "RK4 ODE",
            () => Ode.Objective(ode.Rates, ode.Initial, ode.Target, OdeProblem.Steps, OdeProblem.H),
            () => Ode.ObjectiveGradient(ode.Rates, ode.Initial, ode.Target, OdeProblem.Steps, OdeProblem.H, ode.RatesGradient, ode.InitialGradient));
    }

    private static void Report(string name, Func<double> primal, Func<double> gradient, Func<double>? handWritten = null)
    {
        // Interleaved short bursts, best of each: this VM's speed drifts by 2x over seconds, so
        // timing one function after the other would compare different machines.
        Func<double>[] actions = handWritten is null ? new[] { primal, gradient } : new[] { primal, gradient, handWritten };
        double[] best = Best(actions);
        double f = best[0], g = best[1];
        string line = $"{name,-14} function {f * 1e3,9:F3} ms   gradient {g * 1e3,9:F3} ms   ratio {g / f,5:F2}";
        if (handWritten is not null)
        {
            double h = best[2];
            line += $"   hand-written {h * 1e3,9:F3} ms   ratio {h / f,5:F2}   generated/hand-written {g / h,5:F2}";
        }

        Console.WriteLine(line);
    }

    private static double[] Best(Func<double>[] actions)
    {
        double sink = 0;
        var best = new double[actions.Length];
        Array.Fill(best, double.MaxValue);
        foreach (Func<double> action in actions)
        {
            for (int i = 0; i < 3; i++)
            {
                sink += action();
            }
        }

        for (int round = 0; round < 15; round++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                long start = Stopwatch.GetTimestamp();
                int repeats = 0;
                do
                {
                    sink += actions[a]();
                    repeats++;
                }
                while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 40);

                best[a] = Math.Min(best[a], Stopwatch.GetElapsedTime(start).TotalSeconds / repeats);
            }
        }

        GC.KeepAlive(sink);
        return best;
    }
}
