using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Arrays created inside loops at a length that does not change between iterations — per point, per
/// step, in nested loops, from an initializer or a clone: each is created once before the outermost
/// loop and cleared where it was created. (A length the outer iteration sets stays AGG0006.)
/// </summary>
public static partial class ArraysCreatedInLoops
{
    /// <summary>Σₚ log Σₖ exp(−½‖Sₖ(xₚ − μₖ)‖²) with the centered point in an array created per point.</summary>
    [Differentiable]
    public static double PerPointScratch(double[] means, [NoDiff] double[] x, [NoDiff] int d)
    {
        int k = means.Length / d;
        double total = 0;
        for (int p = 0; p < x.Length / d; p++)
        {
            double[] terms = new double[k];
            for (int c = 0; c < k; c++)
            {
                double[] centered = new double[d];
                for (int j = 0; j < d; j++)
                {
                    centered[j] = x[p * d + j] - means[c * d + j];
                }

                double squared = 0;
                for (int j = 0; j < d; j++)
                {
                    squared += centered[j] * centered[j] * (j + 1);
                }

                terms[c] = -0.5 * squared;
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp(terms[c]);
            }

            total += Math.Log(sum);
        }

        return total;
    }

    /// <summary>
    /// An inner array accumulated with += (so its fresh zeros matter) and one from an initializer, per
    /// inner iteration, at a length set before the loops.
    /// </summary>
    [Differentiable]
    public static double AccumulatorsInNestedLoops(double[] w)
    {
        double s = 0;
        int m = w.Length - 1;
        for (int r = 0; r < 3; r++)
        {
            for (int t = 0; t < 2; t++)
            {
                double[] acc = new double[m];
                for (int j = 0; j < m; j++)
                {
                    acc[j] += w[(j + t + r) % w.Length] * (t + 1);
                    acc[j] += Math.Sin(acc[j]);
                }

                double[] pair = { acc[0], acc[m - 1] * w[0] };
                s += pair[0] * pair[1] + acc[m - 1];
            }
        }

        return s;
    }

    /// <summary>A clone of the parameter changed per step and a scratch array per step.</summary>
    [Differentiable]
    public static double ClonesAndScratchesPerStep(double[] w, [NoDiff] int steps)
    {
        double s = 0;
        for (int t = 0; t < steps; t++)
        {
            double[] copy = (double[])w.Clone();
            copy[t % copy.Length] *= copy[0] + t;
            double[] scratch = new double[2];
            scratch[0] += copy[1] * copy[2];
            scratch[1] = Math.Tanh(scratch[0] + copy[t % copy.Length]);
            s += scratch[1] * copy[0];
        }

        return s;
    }
}
