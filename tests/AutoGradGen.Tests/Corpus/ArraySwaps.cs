using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Array code that moves values around rather than only reading them: a callee given one array
/// twice, a bubble sort and an in-place reversal of an active local array by swaps, a recurrence
/// that rewrites one element per inner iteration, a break on an active running sum, slices of a
/// stackalloc buffer, and a loop bound read from an array the loop changes.
/// </summary>
public static partial class ArraySwaps
{
    /// <summary>w·w plus w[0..2)·w[1..3): one array, and overlapping slices of it, as both arguments.</summary>
    [Differentiable]
    public static double SelfDot(double[] w) => ArraysCalls.Dot(w, w) + ArraysCalls.Dot(w.AsSpan(0, 2), w.AsSpan(1, 2));

    /// <summary>aᵢ = (i+1) wᵢ bubble-sorted by swaps, then Σ (i+1)² aᵢ: the adjoints follow the swaps back.</summary>
    [Differentiable]
    public static double BubbleSorted(double[] w)
    {
        double[] a = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            a[i] = w[i] * (i + 1);
        }

        for (int pass = 0; pass < a.Length; pass++)
        {
            for (int j = 0; j + 1 < a.Length - pass; j++)
            {
                if (a[j] > a[j + 1])
                {
                    double t = a[j];
                    a[j] = a[j + 1];
                    a[j + 1] = t;
                }
            }
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * (i + 1) * (i + 1);
        }

        return s;
    }

    /// <summary>sin wᵢ reversed in place by swaps, then Σ (i+2) aᵢ.</summary>
    [Differentiable]
    public static double Reversed(double[] w)
    {
        double[] a = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            a[i] = Math.Sin(w[i]);
        }

        for (int i = 0; i < a.Length / 2; i++)
        {
            double t = a[i];
            a[i] = a[a.Length - 1 - i];
            a[a.Length - 1 - i] = t;
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * (i + 2);
        }

        return s;
    }

    /// <summary>accᵢ ← accᵢ wⱼ + xⱼ over j, for two accumulators (Horner in w): acc₀ acc₁.</summary>
    [Differentiable]
    public static double Recurrence(double[] w, [NoDiff] double[] x)
    {
        double[] acc = new double[2];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < w.Length; j++)
            {
                acc[i] = (acc[i] * w[j]) + x[j];
            }
        }

        return acc[0] * acc[1];
    }

    /// <summary>aᵢ = wᵢ² until the running sum passes 1 (break), then that sum times Σ aₖ wₖ.</summary>
    [Differentiable]
    public static double BreakOnThreshold(double[] w)
    {
        double[] a = new double[w.Length];
        double s = 0;
        int i = 0;
        while (i < w.Length)
        {
            a[i] = w[i] * w[i];
            s += a[i];
            if (s > 1.0)
            {
                break;
            }

            i++;
        }

        double t = 0;
        for (int k = 0; k < a.Length; k++)
        {
            t += a[k] * w[k];
        }

        return s * t;
    }

    /// <summary>A stackalloc buffer of (i+1) w, its halves dotted, one element overwritten with that, then buffer·buffer + a.</summary>
    [Differentiable]
    public static double StackallocSlices(double[] w)
    {
        Span<double> buffer = stackalloc double[4];
        for (int i = 0; i < 4; i++)
        {
            buffer[i] = w[i % w.Length] * (i + 1);
        }

        double a = ArraysCalls.Dot(buffer.Slice(0, 2), buffer.Slice(2, 2));
        buffer[1] = a * buffer[3];
        return ArraysCalls.Dot(buffer, buffer) + a;
    }

    /// <summary>Three rounds of Σ_{i &lt; counts₀} (r+1) wᵢ², counts₀ decremented after each: the reverse recomputes each round's bound.</summary>
    [Differentiable]
    public static double LoopBoundFromArray(double[] w, [NoDiff] int[] counts)
    {
        double s = 0;
        for (int r = 0; r < 3; r++)
        {
            for (int i = 0; i < counts[0]; i++)
            {
                s += w[i] * w[i] * (r + 1);
            }

            counts[0] = Math.Max(1, counts[0] - 1);
        }

        return s;
    }
}
