using System;
using System.Numerics;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Loops whose reverse sweep reads or accumulates into one element of a local array at an index the
/// loop never changes (scalar promotion keeps it in a local), and near misses that must stay in memory.
/// </summary>
public static partial class LoopInvariantElements
{
    /// <summary>‖Q z‖² with Q = diag(exp(q)) + L, L strictly lower and stored column by column (ADBench's Qtimesx).</summary>
    [Differentiable]
    public static double ColumnWiseProduct(ReadOnlySpan<double> q, ReadOnlySpan<double> lower, ReadOnlySpan<double> z)
    {
        int d = z.Length;
        double[] centered = new double[d];
        double[] transformed = new double[d];
        for (int j = 0; j < d; j++)
        {
            centered[j] = z[j] - 0.25;
            transformed[j] = Math.Exp(q[j]) * centered[j];
        }

        int next = 0;
        for (int col = 0; col < d; col++)
        {
            for (int row = col + 1; row < d; row++)
            {
                transformed[row] += lower[next] * centered[col];
                next++;
            }
        }

        double total = 0;
        for (int j = 0; j < d; j++)
        {
            total += transformed[j] * transformed[j];
        }

        return total;
    }

    /// <summary>The same product in single precision.</summary>
    [Differentiable]
    public static float ColumnWiseProductSingle(ReadOnlySpan<float> lower, ReadOnlySpan<float> z)
    {
        int d = z.Length;
        float[] transformed = new float[d];
        float[] scaled = new float[d];
        for (int j = 0; j < d; j++)
        {
            scaled[j] = 1.5f * z[j];
            transformed[j] = scaled[j];
        }

        int next = 0;
        for (int col = 0; col < d; col++)
        {
            for (int row = col + 1; row < d; row++)
            {
                transformed[row] += lower[next] * scaled[col];
                next++;
            }
        }

        float total = 0;
        for (int j = 0; j < d; j++)
        {
            total += MathF.Sin(transformed[j]);
        }

        return total;
    }

    /// <summary>The same product over any floating type.</summary>
    [Differentiable]
    public static T ColumnWiseProductGeneric<T>(ReadOnlySpan<T> lower, ReadOnlySpan<T> z)
        where T : IFloatingPointIeee754<T>
    {
        int d = z.Length;
        T[] transformed = new T[d];
        T[] squared = new T[d];
        for (int j = 0; j < d; j++)
        {
            squared[j] = z[j] * z[j];
            transformed[j] = squared[j];
        }

        int next = 0;
        for (int col = 0; col < d; col++)
        {
            for (int row = col + 1; row < d; row++)
            {
                transformed[row] += lower[next] * squared[col];
                next++;
            }
        }

        T total = T.Zero;
        for (int j = 0; j < d; j++)
        {
            total += T.Tanh(transformed[j]);
        }

        return total;
    }

    /// <summary>
    /// An element read and overwritten on every inner iteration (a nonlinear recurrence per row): the
    /// reverse sweep restores it from the tape and reads and writes its adjoint at one index.
    /// </summary>
    [Differentiable]
    public static double Recurrences(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double[] state = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            state[i] = x[i];
            for (int j = 0; j < y.Length; j++)
            {
                state[i] = state[i] * Math.Cos(y[j]) + Math.Sin(state[i] * y[j]);
            }
        }

        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            total += state[i] * state[i];
        }

        return total;
    }

    /// <summary>Two statements, so not inlined: callers chain through its pullback.</summary>
    [Differentiable]
    public static double Cube(double v)
    {
        double square = v * v;
        return square * v;
    }

    /// <summary>
    /// The reverse loop reads <c>accBar[c]</c> and passes it by <c>ref</c> to <c>CubePullback</c>, which
    /// adds into it: the element stays in memory (promoting it as if only read lost those additions).
    /// </summary>
    [Differentiable]
    public static double ElementPassedToAPullback(ReadOnlySpan<double> x, int c)
    {
        double[] acc = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            acc[k] = x[k];
        }

        double total = 0;
        for (int j = 0; j < x.Length; j++)
        {
            total += Cube(acc[c]) * x[j];
            acc[c] += x[j];
        }

        return total;
    }

    /// <summary>Each row also reads every other element, itself included: two indices into one array, so nothing is promoted.</summary>
    [Differentiable]
    public static double CoupledRows(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = x[i];
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                v[i] += 0.3 * Math.Sin(v[j]) * x[j];
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += v[i] * v[i];
        }

        return total;
    }

    /// <summary>The invariant element is touched only under a branch: it cannot be loaded before the loop, so it stays in memory.</summary>
    [Differentiable]
    public static double ConditionalAccumulation(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double[] sums = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            sums[i] = y[i];
            for (int j = 0; j < x.Length; j++)
            {
                if (x[j] > 0)
                {
                    sums[i] += x[j] * y[i];
                }
            }
        }

        double total = 0;
        for (int i = 0; i < y.Length; i++)
        {
            total += Math.Exp(0.2 * sums[i]);
        }

        return total;
    }
}

/// <summary>
/// Stencils whose reverse loops add into neighbouring elements (<c>sBar[i − 1]</c> and <c>sBar[i]</c>):
/// the element shared by consecutive iterations is carried in a local; near misses stay in memory.
/// </summary>
public static partial class NeighbourElements
{
    /// <summary>A first-order reaction chain's rates of change, as in the RK4 benchmark, plus a direct term.</summary>
    [Differentiable]
    public static double Chain(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial)
    {
        int n = initial.Length;
        double[] state = new double[n];
        double[] change = new double[n];
        for (int i = 0; i < n; i++)
        {
            state[i] = Math.Sin(initial[i]);
        }

        change[0] = -rates[0] * state[0];
        for (int i = 1; i < n; i++)
        {
            change[i] = rates[i - 1] * state[i - 1] - rates[i] * state[i] + 0.5 * initial[i];
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += change[i] * change[i];
        }

        return total;
    }

    /// <summary>Passes one array as both parameters: the callee's pullback gets one adjoint twice.</summary>
    [Differentiable]
    public static double ChainOfItself(double[] values) => Chain(values, values);

    /// <summary>The loop counts down, so its reverse counts up and carries the other neighbour.</summary>
    [Differentiable]
    public static double Downwards(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] s = new double[n];
        double[] products = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = Math.Exp(0.3 * x[i]);
        }

        for (int i = n - 1; i > 0; i--)
        {
            products[i] = s[i] * s[i - 1];
        }

        double total = 0;
        for (int i = 1; i < n; i++)
        {
            total += Math.Sqrt(products[i]);
        }

        return total;
    }

    /// <summary>The earlier neighbour's index in a local of its own (<c>int j = i - 1</c>).</summary>
    [Differentiable]
    public static double ChainThroughAnIndexLocal(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial)
    {
        int n = initial.Length;
        double[] state = new double[n];
        double[] change = new double[n];
        for (int i = 0; i < n; i++)
        {
            state[i] = Math.Cos(initial[i]);
        }

        for (int i = 1; i < n; i++)
        {
            int j = i - 1;
            change[i] = rates[j] * state[j] - rates[i] * state[i];
        }

        double total = 0;
        for (int i = 1; i < n; i++)
        {
            total += Math.Exp(change[i]);
        }

        return total;
    }

    /// <summary>A stencil loop with an inner loop accumulating into the earlier neighbour.</summary>
    [Differentiable]
    public static double StencilAroundAnInnerLoop(ReadOnlySpan<double> x, [NoDiff] ReadOnlySpan<double> w)
    {
        int n = x.Length;
        double[] s = new double[n];
        double[] output = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = x[i] * x[i] + 0.5;
        }

        for (int i = 1; i < n; i++)
        {
            double acc = 0;
            for (int k = 0; k < w.Length; k++)
            {
                acc += w[k] * s[i - 1];
            }

            output[i] = Math.Sin(acc * s[i]);
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += output[i];
        }

        return total;
    }

    /// <summary>Three neighbours (i − 1, i, i + 1): not carried.</summary>
    [Differentiable]
    public static double ThreePoint(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] s = new double[n];
        double[] laplacian = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = x[i] * x[i];
        }

        for (int i = 1; i + 1 < n; i++)
        {
            laplacian[i] = s[i - 1] - 2 * s[i] + s[i + 1];
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += laplacian[i] * laplacian[i];
        }

        return total;
    }

    /// <summary>The earlier neighbour is read only under a branch: not carried.</summary>
    [Differentiable]
    public static double GuardedNeighbour(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double[] s = new double[n];
        double[] mixed = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = Math.Tanh(x[i]);
        }

        for (int i = 1; i < n; i++)
        {
            mixed[i] = s[i];
            if (x[i] > 0)
            {
                mixed[i] += s[i - 1] * s[i];
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += mixed[i] * mixed[i];
        }

        return total;
    }
}
