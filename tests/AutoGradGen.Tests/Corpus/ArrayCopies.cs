using System;
using System.Linq;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Copies of arrays that carry derivatives: <c>span.CopyTo</c>, <c>array.CopyTo(span)</c>,
/// <c>Array.Copy</c> (whole and at offsets), <c>Clone()</c> and <c>ToArray()</c> — into local arrays
/// that are then changed, in loops (a recurrence keeping the previous state), and at drawn offsets.
/// </summary>
public static partial class ArrayCopies
{
    /// <summary>hₜ = tanh(W hₜ₋₁ + x) with the previous state copied aside each step (prev ← h).</summary>
    [Differentiable]
    public static double PreviousStateCopied(double[] w, [NoDiff] int steps)
    {
        int n = 3;
        double[] h = new double[n];
        double[] previous = new double[n];
        for (int i = 0; i < n; i++)
        {
            h[i] = w[n * n + i];
        }

        for (int t = 0; t < steps; t++)
        {
            h.AsSpan().CopyTo(previous);
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    s += w[i * n + j] * previous[j];
                }

                h[i] = Math.Tanh(s + 0.1 * (t + 1));
            }
        }

        return h[0] + 2 * h[1] * h[2] + previous[0];
    }

    /// <summary>Array.Copy whole and at offsets, array.CopyTo(span), each copy changed after.</summary>
    [Differentiable]
    public static double CopiesAtOffsets(double[] w)
    {
        double[] a = new double[w.Length];
        Array.Copy(w, a, w.Length);
        a[0] *= a[1];
        double[] b = new double[w.Length + 2];
        Array.Copy(a, 1, b, 2, w.Length - 1);
        b[2] += Math.Exp(b[3]);
        w.CopyTo(b.AsSpan(1, w.Length));
        return a[0] * b[1] + b[2] * b[b.Length - 1] + b[3];
    }

    /// <summary>Copies from drawn offsets (each drawn once) into a buffer summed after each.</summary>
    [Differentiable]
    public static double CopiesFromDrawnOffsets(double[] w, [NoDiff] int[] cursor)
    {
        double[] buffer = new double[2];
        double s = 0;
        for (int round = 0; round < 3; round++)
        {
            Array.Copy(w, SliceElements.Next(cursor), buffer, 0, 2);
            s += buffer[0] * buffer[1] * (round + 1);
            w.AsSpan(SliceElements.Next(cursor) + 1, 1).CopyTo(buffer);
            s += buffer[0] * buffer[1];
        }

        return s;
    }

    /// <summary>Clone(), a span's ToArray() and LINQ's ToArray(), each copy changed in place.</summary>
    [Differentiable]
    public static double ClonesAndToArrays(double[] w)
    {
        double[] clone = (double[])w.Clone();
        double[] tail = w.AsSpan(1).ToArray();
        double[] all = w.ToArray();
        clone[0] = clone[1] * clone[2];
        tail[0] *= Math.Sin(tail[1]);
        all[2] += clone[0];
        return clone[0] + tail[0] * all[2] + all[0] * w[0] + tail.Length;
    }

    /// <summary>Float: a copy kept before an update in place, then mixed with the update.</summary>
    [Differentiable]
    public static float FloatCopyBeforeUpdate(float[] w)
    {
        float[] before = new float[w.Length];
        w.AsSpan().CopyTo(before);
        float[] updated = (float[])before.Clone();
        for (int i = 0; i < updated.Length; i++)
        {
            updated[i] = MathF.Tanh(updated[i] * before[(i + 1) % before.Length]);
        }

        return updated[0] * before[0] + updated[updated.Length - 1];
    }

    /// <summary>A copy whose count a sampler draws, and copies from and into rows at drawn indices: each drawn once.</summary>
    [Differentiable]
    public static double DrawnCountsAndRows(double[] w, double[][] rows, [NoDiff] int[] cursor)
    {
        double[] buffer = new double[3];
        Array.Copy(w, buffer, SliceElements.Next(cursor) + 1);
        double s = buffer[0] * w[1] + buffer[1] * w[2];
        rows[SliceElements.Next(cursor)].AsSpan().CopyTo(buffer);
        s += buffer[0] * buffer[1] * w[0];
        w.AsSpan(0, 2).CopyTo(rows[SliceElements.Next(cursor)]);
        rows[SliceElements.Next(cursor)].AsSpan().Clear();
        return s + rows[0][0] * rows[1][1] + rows[0][1] * w[2];
    }
}
