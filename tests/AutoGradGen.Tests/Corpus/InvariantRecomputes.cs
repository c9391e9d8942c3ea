using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Values recomputed in reverse loops from inputs that never change (<c>h / 6</c>), computed once
/// before the outermost reverse loop instead — and recomputations that must stay where they are: an
/// integer division a skipped loop never ran, a value read from an array, a step size the loop changes.
/// </summary>
public static partial class InvariantRecomputes
{
    /// <summary>Explicit steps y ← y + h/6 · (f(y) + 2 f(y)²): <c>h / 6</c> and <c>0.5 · h</c> recomputed per element and step, hoisted.</summary>
    [Differentiable]
    public static double ScaledSteps(ReadOnlySpan<double> w, [NoDiff] int steps, [NoDiff] double h)
    {
        int n = w.Length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = w[i];
        }

        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                y[i] += h / 6 * (Math.Sin(y[i]) + 2 * y[i] * y[i] * 0.5 * h);
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i] * (i + 1);
        }

        return total;
    }

    /// <summary>
    /// An integer division recomputed in the reverse loop: with <paramref name="divisor"/> 0 and no
    /// rounds the forward never divides, and neither may the reverse.
    /// </summary>
    [Differentiable]
    public static double IntegerQuotientInASkippedLoop(ReadOnlySpan<double> w, [NoDiff] int divisor, [NoDiff] int rounds)
    {
        double total = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                int bucket = w.Length / divisor;
                double scale = 0.5 * rounds;
                total += w[i] * w[i] * (bucket + scale);
            }
        }

        return total;
    }

    /// <summary>The step changes between rounds (<c>h</c> halved): its recompute stays in the loop.</summary>
    [Differentiable]
    public static double ChangingStep(ReadOnlySpan<double> w, [NoDiff] int rounds)
    {
        int n = w.Length;
        double[] y = new double[n];
        double h = 1;
        for (int i = 0; i < n; i++)
        {
            y[i] = w[i];
        }

        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < n; i++)
            {
                y[i] += h / 3 * y[i] * y[i];
            }

            h = h * 0.5;
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i];
        }

        return total;
    }

    /// <summary>
    /// A scale read from an array's length, in a branch the run may skip: computing it before the
    /// reverse loops would throw for a null array the function never touched.
    /// </summary>
    [Differentiable]
    public static double WeightedRelaxation(ReadOnlySpan<double> w, [NoDiff] double[] weights, [NoDiff] bool weighted, [NoDiff] int rounds)
    {
        int n = w.Length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = w[i];
        }

        for (int r = 0; r < rounds; r++)
        {
            if (weighted)
            {
                for (int i = 0; i < n; i++)
                {
                    double scale = 1.0 / weights.Length;
                    y[i] = y[i] + scale * Math.Sin(y[i]);
                }
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i] * y[i];
        }

        return total;
    }

    /// <summary>
    /// The inner loop's trip count is a value recomputed in the reverse sweep (<c>m = i + 1</c>): it must
    /// hold this iteration's value before the inner loop's reverse, which reads it first. (0.9 · s keeps
    /// the iterations from being reversed one at a time, where the value would be current anyway.)
    /// </summary>
    [Differentiable]
    public static double TripCountFromARecomputedValue(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int m = i + 1;
            s = 0.9 * s + m * x[i];
            for (int k = 0; k < m; k++)
            {
                s = s + x[k] * x[k] * 0.5;
            }
        }

        return s;
    }

    /// <summary>As above, with the inner loop in a branch: its reverse still reads the recomputed start first.</summary>
    [Differentiable]
    public static double TripCountInABranch(ReadOnlySpan<double> x, [NoDiff] bool inner)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int m = i + 1;
            s = 0.9 * s + x[0] * m;
            if (inner)
            {
                for (int j = m; j < x.Length; j++)
                {
                    s = s * (1 + 0.1 * x[j]);
                }
            }
        }

        return s;
    }

    /// <summary>
    /// A loop bounded by an element of an array that a call the generator cannot see into grows
    /// afterwards: its trip count is recorded, not computed again from the element.
    /// </summary>
    [Differentiable]
    public static double ProductThenGrowElement(ReadOnlySpan<double> x, [NoDiff] int[] sizes)
    {
        double p = 1;
        for (int i = 0; i < sizes[0]; i++)
        {
            p = p * (1 + x[i]);
        }

        GrowingLimit.GrowFirst(sizes);
        return p;
    }

    /// <summary>
    /// A loop bounded by a static field that a call grows afterwards: the reverse sweep must not
    /// recompute the trip count from the field (it would run one iteration more than the forward).
    /// </summary>
    [Differentiable]
    public static double ProductThenGrow(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int i = 0; i < GrowingLimit.Size; i++)
        {
            p = p * (1 + x[i]);
        }

        GrowingLimit.Grow();
        return p;
    }
}

/// <summary>Limits the generator cannot see change: a static field and the calls that grow it or an array's element.</summary>
public static class GrowingLimit
{
    public static int Size { get; set; }

    public static void Grow() => Size++;

    public static void GrowFirst(int[] sizes) => sizes[0]++;
}
