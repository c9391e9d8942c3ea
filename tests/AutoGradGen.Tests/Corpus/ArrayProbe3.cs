using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// More array code checked against central differences: a kernel called per sample on slices, a
/// return from a nested loop, continue with compound element updates, a do-while on an active
/// value, an index array rewritten as it is used, float arrays mixed with a double accumulator, a
/// maximum with a tie (PyTorch's even split), and independent per-row iterations through a callee.
/// </summary>
public static partial class ArrayProbe3
{
    [Differentiable]
    public static void Affine(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < x.Length; j++) s += w[i * x.Length + j] * x[j];
            y[i] = Math.Tanh(s);
        }
    }

    [Differentiable]
    public static double KernelInLoop(double[] w, [NoDiff] double[] x, [NoDiff] int n)
    {
        int d = x.Length / n;
        double[] h = new double[n * 2];
        for (int p = 0; p < n; p++)
        {
            Affine(w, x.AsSpan(p * d, d), h.AsSpan(p * 2, 2));
        }

        double loss = 0;
        for (int p = 0; p < n; p++) loss += h[p * 2] * h[p * 2 + 1];
        return loss;
    }

    [Differentiable]
    public static double ReturnInNestedLoop(double[] w)
    {
        double[] a = new double[w.Length];
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            for (int j = 0; j < w.Length; j++)
            {
                a[j] += w[i] * w[j];
                s += a[j];
                if (s > 2.5) return s * a[0];
            }
        }

        return s + a[1];
    }

    [Differentiable]
    public static double ContinueAndCompound(double[] w)
    {
        double[] a = new double[w.Length];
        for (int i = 0; i < w.Length; i++) a[i] = w[i] + 2;
        for (int r = 0; r < 3; r++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if ((i + r) % 2 == 0) continue;
                a[i] *= w[i];
                a[i] /= 1 + w[i] * w[i];
                a[i] -= 0.1 * w[(i + 1) % w.Length];
            }
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i];
        return s;
    }

    [Differentiable]
    public static double DoWhileActive(double[] w)
    {
        double[] a = new double[w.Length];
        double x = w[0];
        int k = 0;
        do
        {
            a[k % a.Length] += x;
            x = x * w[1] + w[2];
            k++;
        } while (Math.Abs(x) < 3 && k < 20);
        return a[0] * a[1] + x;
    }

    [Differentiable]
    public static double IndexFromModifiedIntArray(double[] w, [NoDiff] int[] idx)
    {
        double s = 0;
        for (int i = 0; i < idx.Length; i++)
        {
            idx[i] = (idx[i] + 1) % w.Length;
            s += w[idx[i]] * w[i % w.Length];
        }

        return s;
    }

    [Differentiable]
    public static float FloatMix(float[] w)
    {
        float[] a = new float[w.Length];
        double acc = 0;
        for (int i = 0; i < w.Length; i++)
        {
            a[i] = w[i] * w[i] + 1f;
            acc += (double)a[i] * w[i];
        }

        return (float)acc * a[0];
    }

    [Differentiable]
    public static double MaxWithTies(double[] w)
    {
        double[] a = new double[w.Length];
        for (int i = 0; i < w.Length; i++) a[i] = Math.Abs(w[i]);
        double m = a[0];
        for (int i = 1; i < a.Length; i++) m = Math.Max(m, a[i]);
        return m * w[0];
    }

    [Differentiable]
    public static double IndependentRows(double[] w, [NoDiff] double[] x, [NoDiff] int n)
    {
        int d = w.Length;
        double[] row = new double[d];
        double total = 0;
        for (int p = 0; p < n; p++)
        {
            for (int j = 0; j < d; j++) row[j] = x[p * d + j] - w[j];
            double q = ArraysCalls.Dot(row, row);
            total += Math.Log(1 + q);
        }

        return total;
    }

    /// <summary>Leaky ReLU, a kernel: yᵢ = xᵢ for xᵢ &gt; 0, else 0.01 xᵢ.</summary>
    [Differentiable]
    public static void Relu(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0.01 * x[i];
    }

    /// <summary>A layer with jagged weights (rows), through the kernel: Σ relu(W x)ᵢ².</summary>
    [Differentiable]
    public static double JaggedLayers(double[][] w, [NoDiff] double[] x)
    {
        double[] h = new double[w.Length];
        double[] a = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < x.Length; j++) s += w[i][j] * x[j];
            h[i] = s;
        }

        Relu(h, a);
        double total = 0;
        for (int i = 0; i < a.Length; i++) total += a[i] * a[i];
        return total;
    }

    /// <summary>The kernel on two adjacent slices of one array, the first half's output the second half's input.</summary>
    [Differentiable]
    public static double TwoOutputsOneArray(double[] w)
    {
        double[] y = new double[2 * w.Length];
        Relu(w, y.AsSpan(0, w.Length));
        Relu(y.AsSpan(0, w.Length), y.AsSpan(w.Length, w.Length));
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * (i + 1);
        return s;
    }


    /// <summary>A buffer rewritten from itself each round, its maximum squared and summed.</summary>
    [Differentiable]
    public static double LocalArrayReassignedPerIteration(double[] w)
    {
        double total = 0;
        double[] buffer = new double[w.Length];
        for (int r = 0; r < 3; r++)
        {
            for (int i = 0; i < w.Length; i++) buffer[i] = w[i] * (r + 1) + buffer[i] * 0.5;
            double m = buffer[0];
            for (int i = 1; i < buffer.Length; i++) m = Math.Max(m, buffer[i]);
            total += m * m;
        }

        return total;
    }

    /// <summary>w·w with one argument written new ReadOnlySpan&lt;double&gt;(w): the span is w under another name.</summary>
    [Differentiable]
    public static double WrappedSpan(double[] w) => ArraysCalls.Dot(new ReadOnlySpan<double>(w), w);

    /// <summary>w[1..3)·w[0..2) with the first slice written new ReadOnlySpan&lt;double&gt;(w, 1, 2).</summary>
    [Differentiable]
    public static double WrappedSlice(double[] w) => ArraysCalls.Dot(new ReadOnlySpan<double>(w, 1, 2), w.AsSpan(0, 2));

    /// <summary>A local array created and used only inside one branch.</summary>
    [Differentiable]
    public static double BranchLocalArray(double[] w, [NoDiff] bool wide)
    {
        double s = 0;
        if (wide)
        {
            double[] t = new double[w.Length];
            for (int i = 0; i < w.Length; i++) t[i] = w[i] * w[i];
            for (int i = 0; i < t.Length; i++) s += t[i] * w[i];
        }
        else
        {
            s = w[0] * 3;
        }

        return s;
    }

    /// <summary>foreach over the differentiable array, with a running product.</summary>
    [Differentiable]
    public static double ForeachActive(double[] w)
    {
        double s = 0;
        double p = 1;
        foreach (double v in w)
        {
            s += v * p;
            p *= 0.5 + v * v;
        }

        return s * p;
    }

    /// <summary>A kernel writing into a slice of a differentiable jagged array's row.</summary>
    [Differentiable]
    public static double KernelIntoJaggedRowSlice(double[] w, double[][] h)
    {
        Relu(w, h[1].AsSpan(1, w.Length));
        double s = 0;
        for (int i = 0; i < h[1].Length; i++) s += h[1][i] * h[0][i % h[0].Length];
        return s;
    }

    /// <summary>A callee that returns from inside its loop.</summary>
    [Differentiable]
    public static double EarlyReturnCallee(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i];
            if (s > 1) return s * w[0];
        }

        return s;
    }

    /// <summary>The early-returning callee on sliding two-element slices.</summary>
    [Differentiable]
    public static double CallsEarlyReturn(double[] w)
    {
        double total = 0;
        for (int k = 0; k + 2 <= w.Length; k++) total += EarlyReturnCallee(w.AsSpan(k, 2)) * w[k];
        return total;
    }
}
