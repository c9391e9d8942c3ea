using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Elements read and written through a slice taken in place (<c>u.AsSpan(start, 3)[i]</c>), at
/// literal bounds, at bounds a sampler draws each iteration, and through a slice of a slice: the
/// reverse sweep takes the same slice of the adjoint, at the bounds the forward sweep used.
/// </summary>
public static partial class SliceElements
{
    /// <summary>The next of 0, 1, 0, 1, … after the cursor's value, as a sampler would draw it: advances the cursor.</summary>
    public static int Next(int[] cursor) => cursor[0]++ % 2;

    /// <summary>Σᵢ w[sᵢ + i]·w₂ over i = 0, 1, each slice start sᵢ drawn.</summary>
    [Differentiable]
    public static double ReadAtDrawnStarts(double[] w, [NoDiff] int[] cursor)
    {
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s += w.AsSpan(Next(cursor), 2)[i] * w[2];
        }

        return s;
    }

    /// <summary>uⱼ = wⱼ², then u[s + i] = u[i + 1]·w₀ through a slice at drawn starts; u₀u₁ + u₂u₃.</summary>
    [Differentiable]
    public static double WriteAtDrawnStarts(double[] w, [NoDiff] int[] cursor)
    {
        double[] u = new double[4];
        for (int i = 0; i < 4; i++)
        {
            u[i] = w[i] * w[i];
        }

        for (int i = 0; i < 2; i++)
        {
            u.AsSpan(Next(cursor), 3)[i] = u[i + 1] * w[0];
        }

        return u[0] * u[1] + u[2] * u[3];
    }

    /// <summary>The same writes through a slice at a literal start.</summary>
    [Differentiable]
    public static double WriteAtALiteralStart(double[] w)
    {
        double[] u = new double[4];
        for (int i = 0; i < 4; i++)
        {
            u[i] = w[i] * w[i];
        }

        for (int i = 0; i < 2; i++)
        {
            u.AsSpan(1, 3)[i] = u[i + 1] * w[0];
        }

        return u[0] * u[1] + u[2] * u[3];
    }

    /// <summary>Reads through a slice of a slice and a slice to the end: Σᵢ w[2 + i mod 2]·wᵢ + w₃².</summary>
    [Differentiable]
    public static double ReadThroughSlicesOfSlices(double[] w)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            s += w.AsSpan(1).Slice(1)[i % 2] * w[i];
        }

        return s + w[3] * w.AsSpan(2, 2)[1];
    }

    /// <summary>Σ over a drawn slice of squares, times w₂.</summary>
    [Differentiable]
    public static double SumOverADrawnSlice(double[] w, [NoDiff] int[] cursor) => SumOfSquares(w.AsSpan(Next(cursor), 2)) * w[2];

    /// <summary>Σ vᵢ².</summary>
    [Differentiable]
    public static double SumOfSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s;
    }
}
