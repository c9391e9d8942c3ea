using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Runs of loops over one range whose reverse loops the generator fuses (ReverseLoopFusion), and the
/// near misses it must leave apart: loops starting at different indices with statements between them,
/// loops restoring values from one tape, offsets that forbid the fusion, statements between the loops
/// that touch the fused range, adjoints shared through a scalar.
/// </summary>
public static partial class LoopFusion
{
    /// <summary>Three loops starting at 0, 2 and 1 over one limit, with literal-index statements between them.</summary>
    [Differentiable]
    public static double StaggeredStarts(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int n = x.Length;
        double[] y = new double[n];
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i];
        }

        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                u[i] = y[i] * y[i];
            }

            v[0] = u[0];
            if (n > 1)
            {
                v[1] = 0.5 * u[1];
            }

            for (int i = 2; i < n; i++)
            {
                v[i] = u[i] - 0.25 * u[i - 2];
            }

            y[0] += 0.1 * v[0];
            for (int i = 1; i < n; i++)
            {
                y[i] += 0.1 * (v[i] - v[i - 1]);
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += Math.Sin(y[i]);
        }

        return total;
    }

    /// <summary>Two loops overwriting arrays (two saved values per iteration, then one), restored from one tape.</summary>
    [Differentiable]
    public static double TwoSavesPerIteration(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int n = x.Length;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = x[i];
            b[i] = Math.Cos(x[i]);
        }

        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                a[i] = a[i] * Math.Sin(b[i]) + 0.3;
                b[i] = b[i] * a[i] - 0.1;
            }

            for (int i = 0; i < n; i++)
            {
                a[i] = Math.Tanh(a[i] + b[i]);
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    /// <summary>The later loop reads one element ahead: its reverse adds to t̄[i + 1], which the earlier loop's reverse has read at i + 1 already — no fusion.</summary>
    [Differentiable]
    public static double ReadsAhead(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int m = x.Length - 1;
        double[] t = new double[x.Length];
        double[] w = new double[x.Length];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            t[m] = Math.Exp(0.5 * x[m]);
            for (int i = 0; i < m; i++)
            {
                t[i] = Math.Exp(0.5 * x[i]) + 0.1 * s;
            }

            for (int i = 0; i < m; i++)
            {
                w[i] = t[i + 1] * t[i];
            }

            for (int i = 0; i < m; i++)
            {
                total += w[i];
            }
        }

        return total;
    }

    /// <summary>Reads one element behind instead: fusable.</summary>
    [Differentiable]
    public static double ReadsBehind(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int n = x.Length;
        double[] t = new double[n];
        double[] w = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                t[i] = Math.Exp(0.5 * x[i]) + 0.1 * s;
            }

            w[0] = t[0];
            for (int i = 1; i < n; i++)
            {
                w[i] = t[i - 1] * t[i];
            }

            for (int i = 0; i < n; i++)
            {
                total += w[i] * w[i];
            }
        }

        return total;
    }

    /// <summary>A statement between the loops rewrites an element inside their common range — no fusion.</summary>
    [Differentiable]
    public static double BetweenTouchesTheRange(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int n = x.Length;
        double[] y = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i];
        }

        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                z[i] = Math.Sin(y[i]);
            }

            if (n > 2)
            {
                z[2] = z[2] * z[0];
            }

            for (int i = 0; i < n; i++)
            {
                y[i] = y[i] + 0.2 * z[i] * z[i];
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i];
        }

        return total;
    }

    /// <summary>Both loops scale by one scalar: their reverses add into its adjoint in turn — no fusion, and the sum must still be right.</summary>
    [Differentiable]
    public static double SharedScalarAdjoint(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int n = x.Length;
        double[] a = new double[n];
        double[] b = new double[n];
        double c = 1;
        for (int i = 0; i < n; i++)
        {
            c += 0.1 * x[i] * x[i];
        }

        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                a[i] = x[i] * c;
            }

            for (int i = 0; i < n; i++)
            {
                b[i] = a[i] * c;
            }

            for (int i = 0; i < n; i++)
            {
                total += Math.Sin(b[i]);
            }
        }

        return total;
    }

    /// <summary>
    /// A branch between two fusable loops holds a fused pair of its own, which reads the shared tape
    /// at computed positions and lowers its count: the outer loops must not fuse across it.
    /// </summary>
    [Differentiable]
    public static double FusedBranchBetween(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int n = x.Length;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] c = new double[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = x[i];
            b[i] = 2 * x[i];
            c[i] = 3 * x[i];
            d[i] = x[i] * x[i];
        }

        for (int i = 0; i < n; i++)
        {
            a[i] = Math.Sin(a[i]);
        }

        if (steps % 2 == 1)
        {
            for (int i = 0; i < n; i++)
            {
                c[i] = Math.Sin(c[i]);
            }

            for (int i = 0; i < n; i++)
            {
                d[i] = Math.Cos(d[i]);
            }
        }

        for (int i = 0; i < n; i++)
        {
            b[i] = Math.Cos(b[i]);
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += a[i] + b[i] + c[i] + d[i];
        }

        return total;
    }

    /// <summary>A loop whose body holds a fused pair (reading the tape at positions) beside a loop popping the same tape.</summary>
    [Differentiable]
    public static double FusedPairInsideALoop(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int m = x.Length;
        double[] v = new double[steps];
        double[] w = new double[m];
        double[] z = new double[m];
        for (int j = 0; j < m; j++)
        {
            w[j] = x[j];
            z[j] = 2 * x[j];
        }

        for (int i = 0; i < steps; i++)
        {
            v[i] = Math.Sin(v[i] + x[0]);
        }

        for (int i = 0; i < steps; i++)
        {
            for (int j = 0; j < m; j++)
            {
                w[j] = Math.Sin(w[j]);
            }

            for (int j = 0; j < m; j++)
            {
                z[j] = Math.Cos(z[j]);
            }
        }

        double t = 0;
        for (int j = 0; j < m; j++)
        {
            t += w[j] + z[j];
        }

        for (int i = 0; i < steps; i++)
        {
            t += v[i];
        }

        return t;
    }

    /// <summary>Fusable loops adding into two parameters' adjoints: a Pullback keeps them apart (a caller may pass one array twice).</summary>
    [Differentiable]
    public static double TwoAdjointsInTheLoops(ReadOnlySpan<double> x, ReadOnlySpan<double> z)
    {
        int n = x.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = x[i] * z[i];
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += Math.Sin(a[i]) * x[i];
        }

        return total;
    }

    /// <summary>Fusable loops adding into one parameter's adjoint only; the other parameter's is added to after them.</summary>
    [Differentiable]
    public static double OneAdjointInTheLoops(ReadOnlySpan<double> x, ReadOnlySpan<double> z)
    {
        int n = x.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = x[i] * x[i];
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += Math.Sin(a[i]) * x[i];
        }

        return total * z[0];
    }

    /// <summary>Both callees get one array for both parameters: their pullbacks get one adjoint twice.</summary>
    [Differentiable]
    public static double SameArrayTwice(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        double total = x[0];
        for (int s = 0; s < steps; s++)
        {
            total += TwoAdjointsInTheLoops(x, x) + OneAdjointInTheLoops(x, x);
        }

        return total;
    }

    /// <summary>A kernel of two fusable loops: y = a·w through a local array.</summary>
    [Differentiable]
    public static void ScaledFill(double a, [NoDiff] ReadOnlySpan<double> w, Span<double> y)
    {
        int n = y.Length;
        double[] t = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = a * w[i];
        }

        for (int i = 0; i < n; i++)
        {
            y[i] = t[i];
        }
    }

    /// <summary>A kernel of one loop updating its output in place: y = y/2 + a·w.</summary>
    [Differentiable]
    public static void ScaledFillOnce(double a, [NoDiff] ReadOnlySpan<double> w, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (0.5 * y[i]) + (a * w[i]);
        }
    }

    /// <summary>
    /// Kernels given an element of their output array as the scalar input: the pullbacks must not get
    /// that element's adjoint both by reference and inside the output's adjoint.
    /// </summary>
    [Differentiable]
    public static double FillFromFirstElement(ReadOnlySpan<double> x, [NoDiff] int steps)
    {
        int n = x.Length;
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i] * x[i] + 0.5;
            w[i] = 0.3 + (0.1 * i);
        }

        for (int s = 0; s < steps; s++)
        {
            ScaledFill(y[0], w, y);
            y[0] = Math.Sin(y[0] + x[0]);
            ScaledFillOnce(y[0], w, y);
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i] * x[i];
        }

        return total;
    }
}
