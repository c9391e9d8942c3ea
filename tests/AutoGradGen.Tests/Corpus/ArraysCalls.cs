using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// [Differentiable] callees that take arrays and spans: parameters, local arrays, stackalloc
/// spans, slices (AsSpan, Slice) and jagged rows passed to them, and their results used later.
/// </summary>
public static partial class ArraysCalls
{
    /// <summary>Σ aᵢbᵢ over two spans (a callee for the others).</summary>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>The mean of a span (a callee).</summary>
    [Differentiable]
    public static double Mean(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i];
        }

        return sum / x.Length;
    }

    /// <summary>The population variance, calling Mean and using its result in a later loop (a callee calling a callee).</summary>
    [Differentiable]
    public static double Variance(ReadOnlySpan<double> x)
    {
        double mean = Mean(x);
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - mean;
            sum += d * d;
        }

        return sum / x.Length;
    }

    /// <summary>Log-sum-exp of a span with the max shift (a callee).</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = Math.Max(max, x[i]);
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Cosine similarity from three calls to Dot with array arguments.</summary>
    [Differentiable]
    public static double CosineSimilarity(double[] a, double[] b)
        => Dot(a, b) / Math.Sqrt(Dot(a, a) * Dot(b, b));

    /// <summary>Sample skewness: Mean and Variance callee results used in a later loop.</summary>
    [Differentiable]
    public static double Skewness(double[] x)
    {
        double mean = Mean(x);
        double sd = Math.Sqrt(Variance(x));
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double z = (x[i] - mean) / sd;
            sum += z * z * z;
        }

        return sum / x.Length;
    }

    /// <summary>Log-sum-exp of consecutive blocks, each passed as x.AsSpan(start, length), summed with weights.</summary>
    [Differentiable]
    public static double BlockLogSumExps(double[] x, int block)
    {
        double total = 0;
        int count = 0;
        for (int start = 0; start + block <= x.Length; start += block)
        {
            count++;
            total += count * LogSumExp(x.AsSpan(start, block));
        }

        return total;
    }

    /// <summary>Sliding-window variances of a Span parameter through span.Slice(start, length).</summary>
    [Differentiable]
    public static double SlidingVariance(Span<double> x, int window)
    {
        double total = 0;
        for (int start = 0; start + window <= x.Length; start++)
        {
            total += Math.Sqrt(1e-6 + Variance(x.Slice(start, window)));
        }

        return total;
    }

    /// <summary>Rows of a jagged matrix passed to Dot as spans: Σₖ tanh(cₖ·w).</summary>
    [Differentiable]
    public static double JaggedRowDots(double[][] c, double[] w)
    {
        double total = 0;
        for (int k = 0; k < c.Length; k++)
        {
            total += Math.Tanh(Dot(c[k], w));
        }

        return total;
    }

    /// <summary>A local array computed in a loop, passed to Variance and LogSumExp, whose results are used in a final loop.</summary>
    [Differentiable]
    public static double LocalArrayToCallees(double[] x, double[] w)
    {
        var h = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            h[i] = Math.Sin(w[i] * x[i]) + x[i];
        }

        double spread = Variance(h);
        double lse = LogSumExp(h);
        double sum = 0;
        for (int i = 0; i < h.Length; i++)
        {
            sum += (h[i] - lse) * spread * w[i];
        }

        return sum;
    }

    /// <summary>A stackalloc span passed to a callee, and its slices passed to Dot.</summary>
    [Differentiable]
    public static double StackallocToCallee(ReadOnlySpan<double> x)
    {
        Span<double> squares = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] = x[i] * x[i];
        }

        int half = x.Length / 2;
        return LogSumExp(squares) + Dot(squares.Slice(0, half), squares.Slice(half, half));
    }

    /// <summary>A callee called inside a loop on slices of a local array that the loop itself keeps overwriting.</summary>
    [Differentiable]
    public static double CalleeOnEvolvingLocal(double[] x, int steps)
    {
        var state = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            state[i] = x[i];
        }

        double total = 0;
        for (int step = 0; step < steps; step++)
        {
            double m = Mean(state.AsSpan(0, state.Length));
            for (int i = 0; i < state.Length; i++)
            {
                state[i] = Math.Tanh(state[i] - (0.5 * m)) + (0.1 * x[i]);
            }

            total += m * m;
        }

        return total + Dot(state, x);
    }
}
