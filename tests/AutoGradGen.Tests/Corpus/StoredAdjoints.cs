using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Local arrays rewritten whole and then read, step after step (Runge–Kutta stages): the reverse of
/// the last reading loop stores into the adjoint instead of adding, and the rewrite's reverse takes it
/// without clearing. And near misses where either would be wrong.
/// </summary>
public static partial class StoredAdjoints
{
    /// <summary>Midpoint (RK2) steps of y' = −r ⊙ y + 0.1·shift(y): k1 and k2 rewritten every step, k1 read twice.</summary>
    [Differentiable]
    public static double Midpoint(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, [NoDiff] int steps, [NoDiff] double h)
    {
        int n = initial.Length;
        double[] y = new double[n];
        double[] k1 = new double[n];
        double[] k2 = new double[n];
        double[] stage = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = initial[i];
        }

        for (int s = 0; s < steps; s++)
        {
            k1[0] = -rates[0] * y[0];
            for (int i = 1; i < n; i++)
            {
                k1[i] = -rates[i] * y[i] + 0.1 * y[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = y[i] + 0.5 * h * k1[i];
            }

            k2[0] = -rates[0] * stage[0];
            for (int i = 1; i < n; i++)
            {
                k2[i] = -rates[i] * stage[i] + 0.1 * stage[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += h * (k2[i] + 0.01 * Math.Sin(k1[i]));
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i] * y[i];
        }

        return total;
    }

    /// <summary>Near miss: the last read of k is inside a branch, so some steps never store into its adjoint.</summary>
    [Differentiable]
    public static double ConditionalLastRead(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] k = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                k[i] = w[i] * (s + 1);
            }

            for (int i = 0; i < n; i++)
            {
                if (s % 2 == 0)
                {
                    total += k[i] * w[i];
                }
            }
        }

        return total;
    }

    /// <summary>Near miss: the last reading loop starts at 1, so k[0]'s adjoint is never stored there.</summary>
    [Differentiable]
    public static double PartialLastRead(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] k = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                k[i] = Math.Sin(w[i] + s);
            }

            for (int i = 0; i < n; i++)
            {
                total += k[i] * w[i];
            }

            for (int i = 1; i < n; i++)
            {
                total += k[i];
            }
        }

        return total;
    }

    /// <summary>Near miss: the last read has a zero derivative (Math.Floor), so no store is ever made there.</summary>
    [Differentiable]
    public static double ZeroDerivativeLastRead(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] k = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                k[i] = w[i] * w[i] + s;
            }

            for (int i = 0; i < n; i++)
            {
                total += k[i] * w[i];
            }

            for (int i = 0; i < n; i++)
            {
                total += Math.Floor(k[i]);
            }
        }

        return total;
    }

    /// <summary>Near miss: each step first reads the previous step's k[0], before the rewrite.</summary>
    [Differentiable]
    public static double ReadBeforeTheRewrite(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] k = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            total += k[0] * w[0];
            for (int i = 0; i < n; i++)
            {
                k[i] = w[i] * (s + 1);
            }

            for (int i = 0; i < n; i++)
            {
                total += k[i] * w[i];
            }
        }

        return total;
    }

    /// <summary>
    /// One loop is both k1's last read and k2's rewrite (<c>k2[i] = k1[i] · w[i]</c>); k2's last read
    /// follows. Both adjoints are stored.
    /// </summary>
    [Differentiable]
    public static double ChainedStages(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] y = new double[n];
        double[] k1 = new double[n];
        double[] k2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = w[i];
        }

        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                k1[i] = Math.Cos(y[i]);
            }

            for (int i = 0; i < n; i++)
            {
                k2[i] = k1[i] * w[i];
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += 0.2 * k2[i];
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i] * y[i];
        }

        return total;
    }

    /// <summary>Near miss: the rewrite skips one element on some steps (a branch inside the writing loop).</summary>
    [Differentiable]
    public static double RewriteWithAHole(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] k = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                if (i != s % n)
                {
                    k[i] = w[i] * (s + 2);
                }
            }

            for (int i = 0; i < n; i++)
            {
                total += k[i] * w[i];
            }
        }

        return total;
    }

    /// <summary>
    /// RK4 on a chain y' = −r ⊙ y + shift(r ⊙ y): the stage array is rewritten three times a step, each
    /// version last read by a stencil over (i − 1, i) — written with either neighbour first — whose
    /// reverse stores one adjoint element and adds to the other.
    /// </summary>
    [Differentiable]
    public static double StencilStages(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, [NoDiff] int steps, [NoDiff] double h)
    {
        int n = initial.Length;
        double[] y = new double[n];
        double[] k1 = new double[n];
        double[] k2 = new double[n];
        double[] k3 = new double[n];
        double[] k4 = new double[n];
        double[] stage = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = initial[i];
        }

        for (int s = 0; s < steps; s++)
        {
            k1[0] = -rates[0] * y[0];
            for (int i = 1; i < n; i++)
            {
                k1[i] = rates[i - 1] * y[i - 1] - rates[i] * y[i];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = y[i] + 0.5 * h * k1[i];
            }

            k2[0] = -rates[0] * stage[0];
            for (int i = 1; i < n; i++)
            {
                k2[i] = -rates[i] * stage[i] + rates[i - 1] * stage[i - 1];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = y[i] + 0.5 * h * k2[i];
            }

            k3[0] = -rates[0] * stage[0];
            for (int i = 1; i < n; i++)
            {
                k3[i] = rates[i - 1] * Math.Sin(stage[i - 1]) - rates[i] * stage[i];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = y[i] + h * k3[i];
            }

            k4[0] = -rates[0] * stage[0];
            for (int i = 1; i < n; i++)
            {
                k4[i] = rates[i - 1] * stage[i - 1] - rates[i] * stage[i];
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += (i + 1) * y[i] * y[i];
        }

        return total;
    }

    /// <summary>Near miss: the stencil reads the element behind twice (<c>s[i − 1]²</c>), so it reaches it once, not first and last.</summary>
    [Differentiable]
    public static double StencilReadingBehindTwice(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] stage = new double[n];
        double[] k = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                stage[i] = w[i] * (s + 1) + 0.1 * k[i];
            }

            k[0] = stage[0];
            for (int i = 1; i < n; i++)
            {
                k[i] = stage[i - 1] * stage[i - 1] + stage[i];
            }

            total += k[n - 1];
        }

        return total;
    }

    /// <summary>
    /// Near miss: of two passes over the stage array, the second one's last read skips element 0 (a
    /// stencil from 2), so neither pass may store.
    /// </summary>
    [Differentiable]
    public static double StencilPassWithAGap(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] stage = new double[n];
        double[] k = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                stage[i] = w[i] * (s + 1);
            }

            for (int i = 1; i < n; i++)
            {
                k[i] = stage[i - 1] - 2 * stage[i];
            }

            for (int i = 0; i < n; i++)
            {
                stage[i] = w[i] + 0.5 * k[i];
            }

            for (int i = 2; i < n; i++)
            {
                total += stage[i - 1] * stage[i];
            }
        }

        return total;
    }

    /// <summary>
    /// Two passes over k in a step, the first one's last read with a zero derivative (Floor): its reverse
    /// adds nothing, so it must still leave k's adjoint cleared for the first rewrite's reverse.
    /// </summary>
    [Differentiable]
    public static double PassWithAZeroDerivativeRead(ReadOnlySpan<double> w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] k = new double[n];
        double[] y = new double[n];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                k[i] = w[i] * w[i] + y[i];
            }

            for (int i = 0; i < n; i++)
            {
                total += Math.Floor(k[i]);
            }

            for (int i = 0; i < n; i++)
            {
                k[i] = Math.Sin(w[i]);
            }

            for (int i = 0; i < n; i++)
            {
                y[i] += k[i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            total += y[i];
        }

        return total;
    }
}
