using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Arrays that carry derivatives reset and reused: <c>Array.Clear</c>, <c>Array.Fill</c>,
/// <c>span.Clear()</c> and <c>span.Fill(v)</c> on local arrays, views and parameters, whole or in
/// part, in loops, with a fill value that depends on the inputs and bounds a sampler draws.
/// </summary>
public static partial class ArrayResets
{
    /// <summary>Σₚ logsumexpₖ aₖ where aₖ = Σⱼ wₖⱼ xₚⱼ is accumulated into a buffer cleared per point.</summary>
    [Differentiable]
    public static double AccumulatorClearedPerPoint(double[] w, [NoDiff] double[] x, [NoDiff] int d)
    {
        int k = w.Length / d;
        double[] scores = new double[k];
        double total = 0;
        for (int p = 0; p < x.Length / d; p++)
        {
            Array.Clear(scores);
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    scores[c] += w[c * d + j] * x[p * d + j];
                }
            }

            double max = scores[0];
            for (int c = 1; c < k; c++)
            {
                max = Math.Max(max, scores[c]);
            }

            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp(scores[c] - max);
            }

            total += Math.Log(sum) + max;
        }

        return total;
    }

    /// <summary>
    /// A recurrent state hₜ = tanh(w₀hₜ₋₁ + w₁xₜ) + w₂hₜ₋₁ over sequences, the state (a view of a local
    /// array) cleared before each sequence; the sum of the final states.
    /// </summary>
    [Differentiable]
    public static double StateClearedPerSequence(double[] w, [NoDiff] double[] sequences, [NoDiff] int length)
    {
        double[] memory = new double[4];
        Span<double> h = memory.AsSpan(1, 2);
        double s = 0;
        for (int q = 0; q < sequences.Length / length; q++)
        {
            h.Clear();
            for (int t = 0; t < length; t++)
            {
                double input = sequences[q * length + t];
                for (int i = 0; i < h.Length; i++)
                {
                    h[i] = Math.Tanh(w[0] * h[i] + w[1] * input * (i + 1)) + w[2] * h[i];
                }
            }

            s += h[0] + h[1] * h[1];
        }

        return s + memory[0];
    }

    /// <summary>Fills with values that depend on the inputs: whole array, a slice, and Array.Fill at a range.</summary>
    [Differentiable]
    public static double FilledWithActiveValues(double[] w)
    {
        double[] u = new double[5];
        u.AsSpan().Fill(w[0] * w[1]);
        double s = u[0] * u[4];
        u.AsSpan(1, 3).Fill(Math.Sin(w[2]));
        s += u[0] * u[1] + u[3] * u[4];
        Array.Fill(u, w[1] * w[1], 3, 2);
        s += u[2] * u[3] + u[4];
        Array.Fill(u, w[2]);
        return s + u[0] * u[4];
    }

    /// <summary>Parts cleared at drawn starts (each drawn once) in a loop, between reads of what they cleared.</summary>
    [Differentiable]
    public static double PartsClearedAtDrawnStarts(double[] w, [NoDiff] int[] cursor)
    {
        double[] u = new double[4];
        double s = 0;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < u.Length; i++)
            {
                u[i] += w[i] * (round + 1);
            }

            s += u[0] * u[1] + u[2] * u[3];
            Array.Clear(u, SliceElements.Next(cursor), 2);
            s += u[1] * u[2];
        }

        return s;
    }

    /// <summary>A parameter cleared in part after it is read: its gradient has it back as it was given.</summary>
    [Differentiable]
    public static double ParameterClearedInPart(double[] w)
    {
        double s = w[0] * w[1];
        Array.Clear(w, 0, 1);
        return s + w[0] + w[1] * w[1] + w[2];
    }

    /// <summary>Float: a buffer cleared each round through span.Clear(), then filled from the inputs.</summary>
    [Differentiable]
    public static float FloatBufferReset(float[] w)
    {
        float[] buffer = new float[w.Length];
        float s = 0;
        for (int round = 0; round < 2; round++)
        {
            buffer.AsSpan().Clear();
            for (int i = 0; i < w.Length; i++)
            {
                buffer[i] += MathF.Exp(w[i] * (round + 1));
            }

            s += buffer[0] * buffer[w.Length - 1];
        }

        return s;
    }

    /// <summary>Adds wᵢ² into the buffer it is given (changes it) and returns its first entry.</summary>
    [Differentiable]
    public static double AddSquares(double[] w, double[] buffer)
    {
        for (int i = 0; i < w.Length; i++)
        {
            buffer[i] += w[i] * w[i];
        }

        return buffer[0];
    }

    /// <summary>A buffer a callee changes, cleared between two calls and read after each.</summary>
    [Differentiable]
    public static double ClearedBetweenChangingCalls(double[] w)
    {
        double[] buffer = new double[w.Length];
        double s = AddSquares(w, buffer);
        Array.Clear(buffer);
        double t = AddSquares(w, buffer);
        s += t * buffer[1];
        buffer.AsSpan(1).Clear();
        double u = AddSquares(w, buffer);
        return s + buffer[0] * w[2] + u * buffer[2];
    }
}
