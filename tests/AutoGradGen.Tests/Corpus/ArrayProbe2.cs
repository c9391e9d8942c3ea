using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

public static partial class ArrayProbe2
{
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Differentiable]
    public static double Blocks(double[] x, [NoDiff] double[] w, int block)
    {
        double total = 0;
        for (int k = 0; k + block <= x.Length; k += block)
        {
            total += Math.Tanh(Dot(x.AsSpan(k, block), w.AsSpan(k, block)));
        }

        return total;
    }

    [Differentiable]
    public static double KMeans(double[][] points, double[][] centers)
    {
        double cost = 0;
        for (int p = 0; p < points.Length; p++)
        {
            double best = double.PositiveInfinity;
            for (int c = 0; c < centers.Length; c++)
            {
                double d = 0;
                for (int j = 0; j < centers[c].Length; j++)
                {
                    double diff = points[p][j] - centers[c][j];
                    d += diff * diff;
                }

                if (d < best) best = d;
            }

            cost += best;
        }

        return cost;
    }

    [Differentiable]
    public static double Local(double[] x)
    {
        var h = new double[x.Length];
        for (int i = 0; i < x.Length; i++) h[i] = Math.Sin(x[i]) * x[i];
        for (int i = 1; i < h.Length; i++) h[i] += h[i - 1] * 0.5;
        double s = 0;
        for (int i = 0; i < h.Length; i++) { if (h[i] > 0.3) { s += h[i] * h[i]; continue; } s -= h[i]; if (s < -10) break; }
        return s + Dot(h, x);
    }
}

/// <summary>Loops whose trip-count bound is zero or negative on entry, and a do loop that still runs once.</summary>
public static partial class TripBoundEdges
{
    [Differentiable]
    public static double DoLoopRunsOnce(double[] x, int start)
    {
        double s = 0;
        int i = start;
        do
        {
            s = s * 0.5 + Math.Sin(x[i % x.Length]);
            i++;
        }
        while (i < 2);

        return s;
    }

    [Differentiable]
    public static double EmptyRange(double[] x, int from, int to)
    {
        double p = 1;
        for (int i = from; i < to; i++)
        {
            p = p * x[i] + Math.Cos(p);
        }

        return p + x[0];
    }
}
