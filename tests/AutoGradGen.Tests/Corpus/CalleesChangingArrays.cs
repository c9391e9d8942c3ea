using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Value-returning [Differentiable] callees that also change an array they are given — a
/// normalization returning the norm, a halving returning a sum — called where their value is used,
/// where it only decides a branch, and where it is dropped. The reverse sweep must see the arrays as
/// they were where they were read, and the derivative must flow through the change itself.
/// </summary>
public static partial class CalleesChangingArrays
{
    /// <summary>Halves v₀ in place and returns v₀ + v₁ (after the halving).</summary>
    [Differentiable]
    public static double HalveFirst(double[] v)
    {
        v[0] *= 0.5;
        return v[0] + v[1];
    }

    /// <summary>Scales v to unit length in place and returns its former length ‖v‖.</summary>
    [Differentiable]
    public static double NormalizeInPlace(Span<double> v)
    {
        double squares = 0;
        for (int i = 0; i < v.Length; i++)
        {
            squares += v[i] * v[i];
        }

        double norm = Math.Sqrt(squares);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] /= norm;
        }

        return norm;
    }

    /// <summary>Σ wᵢ²xᵢ, then w₀w₁x₁ (x₀ halved) when x₀/2 + x₁ > 1: a [NoDiff] array changed in a condition.</summary>
    [Differentiable]
    public static double DataHalvedInACondition(double[] w, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * x[i] * w[i];
        }

        if (HalveFirst(x) > 1)
        {
            s += w[0] * x[1] * w[1] * x[0];
        }

        return s;
    }

    /// <summary>w₀w₁, then (w₀/2)² when w₀/2 + w₁ > 1, plus (w₀/2)w₂: the inputs changed in a condition.</summary>
    [Differentiable]
    public static double InputsHalvedInACondition(double[] w)
    {
        double s = w[0] * w[1];
        if (HalveFirst(w) > 1)
        {
            s += w[0] * w[0];
        }

        return s + w[0] * w[2];
    }

    /// <summary>The same change in the second test of an else-if chain, whose first test reads w₂.</summary>
    [Differentiable]
    public static double InputsHalvedInAnElseIf(double[] w)
    {
        double s = w[0] * w[1];
        if (w[2] > 2)
        {
            s += w[2];
        }
        else if (HalveFirst(w) > 1)
        {
            s += w[0] * w[0] * w[2];
        }
        else
        {
            s -= w[0];
        }

        return s + w[0] * w[2];
    }

    /// <summary>The halving's result dropped: w₀w₁ + (w₀/2)w₂.</summary>
    [Differentiable]
    public static double InputsHalvedResultDropped(double[] w)
    {
        double s = w[0] * w[1];
        HalveFirst(w);
        return s + w[0] * w[2];
    }

    /// <summary>The halving's result used and w read again after it: w₀w₁ + (w₀/2 + w₁)w₂ + (w₀/2)².</summary>
    [Differentiable]
    public static double InputsHalvedResultUsed(double[] w)
    {
        double s = w[0] * w[1];
        double t = HalveFirst(w);
        return s + t * w[2] + w[0] * w[0];
    }

    /// <summary>The halving's result truncated to an index: w₀w₁ + (w₀/2)w₂ + w[⌊w₀/2 + w₁⌋ mod 3].</summary>
    [Differentiable]
    public static double InputsHalvedIntoAnIndex(double[] w)
    {
        double s = w[0] * w[1];
        int k = (int)HalveFirst(w);
        return s + w[0] * w[2] + w[k % 3];
    }

    /// <summary>
    /// A normalization of a slice in a loop whose norm only decides a branch: each round adds Σ wᵢ²,
    /// then scales w₁..w₃ to unit length, adding w₀ when they were longer than 1.
    /// </summary>
    [Differentiable]
    public static double SliceNormalizedInALoop(double[] w, int rounds)
    {
        double s = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                s += w[i] * w[i] * (r + 1);
            }

            if (NormalizeInPlace(w.AsSpan(1, 3)) > 1)
            {
                s += w[0];
            }
        }

        return s;
    }

    /// <summary>
    /// Power iteration on a symmetric n×n matrix a (row-major): u = a v, λ = ‖u‖, v = u/λ, repeated;
    /// the dominant eigenvalue's magnitude. The normalization changes u in place and returns λ.
    /// </summary>
    [Differentiable]
    public static double PowerIteration(double[] a, int n, int iterations)
    {
        double[] v = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = 1;
        }

        double lambda = 0;
        for (int k = 0; k < iterations; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    sum += a[i * n + j] * v[j];
                }

                u[i] = sum;
            }

            lambda = NormalizeInPlace(u);
            for (int i = 0; i < n; i++)
            {
                v[i] = u[i];
            }
        }

        return lambda;
    }

    /// <summary>
    /// Power iteration whose normalizations' results are dropped, ending in the Rayleigh quotient
    /// vᵀa v of the last unit vector: the derivative reaches a only through the changed arrays.
    /// </summary>
    [Differentiable]
    public static double RayleighAfterPowerIteration(double[] a, int n, int iterations)
    {
        double[] v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = 1 + 0.1 * i;
        }

        NormalizeInPlace(v);
        double[] u = new double[n];
        for (int k = 0; k < iterations; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    sum += a[i * n + j] * v[j];
                }

                u[i] = sum;
            }

            NormalizeInPlace(u);
            for (int i = 0; i < n; i++)
            {
                v[i] = u[i];
            }
        }

        double quotient = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                quotient += v[i] * a[i * n + j] * v[j];
            }
        }

        return quotient;
    }

    /// <summary>Σ v[0..n)² by recursion: it only reads v, so nothing is saved around its calls.</summary>
    [Differentiable]
    public static double RecursiveSquares(double[] v, int n) => n == 0 ? 0 : v[n - 1] * v[n - 1] + RecursiveSquares(v, n - 1);

    /// <summary>Halves v[0..n) by recursion, returning the sum of the halves' squares.</summary>
    [Differentiable]
    public static double RecursiveHalving(double[] v, int n)
    {
        if (n == 0)
        {
            return 0;
        }

        v[n - 1] *= 0.5;
        double rest = RecursiveHalving(v, n - 1);
        return rest + v[n - 1] * v[n - 1];
    }

    /// <summary>Both recursions on w, then a product of w as halved: Σwᵢ² + Σ(wᵢ/2)² + (w₀/2)(w₁/2).</summary>
    [Differentiable]
    public static double Recursions(double[] w)
    {
        double squares = RecursiveSquares(w, w.Length);
        double halves = RecursiveHalving(w, w.Length);
        return squares + halves + w[0] * w[1];
    }

    /// <summary>Scales v₀ by a in place; returns v₀ as it was.</summary>
    [Differentiable]
    public static double ScaleFirst(double[] v, double a)
    {
        double old = v[0];
        v[0] *= a;
        return old;
    }

    /// <summary>
    /// The scaling's result dropped and its factor overwritten after it: w₀x + 2x. The pullback the
    /// call still needs runs on the factor as the call saw it.
    /// </summary>
    [Differentiable]
    public static double FactorOverwrittenAfterADroppedCall(double[] w, double x)
    {
        double a = x;
        ScaleFirst(w, a);
        a = 2 * x;
        return w[0] + a;
    }

    /// <summary>Stores x² into v₀ and returns x: the callee never reads what it writes.</summary>
    [Differentiable]
    public static double Store(double[] v, double x)
    {
        v[0] = x * x;
        return x;
    }

    /// <summary>x + x² through the stored element: the derivative reaches x only through the write.</summary>
    [Differentiable]
    public static double ReadWhatACalleeStored(double[] w, double x)
    {
        double t = Store(w, x);
        return t + w[0] * w[1];
    }

    /// <summary>x·v[⌊w₀/2 + w₁⌋] + w₀w₁/2: an element whose index a changing call computes.</summary>
    [Differentiable]
    public static double ElementAtACalledIndex(double[] w, double[] v, double x)
    {
        double y = x * v[(int)HalveFirst(w)];
        return y + w[0] * w[1];
    }

    /// <summary>v[⌊w₀/2 + w₁⌋] = x², then v₀v₁ + v₂ + w₀w₁/2: a target whose index a changing call computes.</summary>
    [Differentiable]
    public static double StoreAtACalledIndex(double[] w, double[] v, double x)
    {
        v[(int)HalveFirst(w)] = x * x;
        return v[0] * v[1] + v[2] + w[0] * w[1];
    }

    /// <summary>Scales v₀ by u in place; returns v₀ + v₁ after it.</summary>
    [Differentiable]
    public static double WeighFirst(double[] v, double u)
    {
        v[0] *= u;
        return v[0] + v[1];
    }

    /// <summary>The next of 0, 1, 0, 1, … as a sampler would draw it: advances the cursor.</summary>
    public static int NextIndex(int[] cursor) => cursor[0]++ % 2;

    /// <summary>
    /// w₀w₁ + (x[i]w₀)², i drawn by <see cref="NextIndex"/> inside the argument of a call in a condition:
    /// the draw happens once, and the pullback the change needs sees the element drawn.
    /// </summary>
    [Differentiable]
    public static double DrawnArgumentInACondition(double[] w, double[] x, [NoDiff] int[] cursor)
    {
        double s = w[0] * w[1];
        if (WeighFirst(w, x[NextIndex(cursor)]) > 100)
        {
            s += 1;
        }

        return s + w[0] * w[0];
    }
}
