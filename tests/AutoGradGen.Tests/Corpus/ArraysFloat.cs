using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Single-precision array functions (float[], Span&lt;float&gt;, float[][], MathF), checked with the float overloads.</summary>
public static partial class ArraysFloat
{
    /// <summary>Max-shifted log-sum-exp over a float[] with MathF.</summary>
    [Differentiable]
    public static float LogSumExp(float[] x)
    {
        float max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = MathF.Max(max, x[i]);
        }

        float sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += MathF.Exp(x[i] - max);
        }

        return max + MathF.Log(sum);
    }

    /// <summary>foreach over a ReadOnlySpan&lt;float&gt; plus indexed reads of a Span&lt;float&gt;, with a ReLU branch.</summary>
    [Differentiable]
    public static float SpanRelu(ReadOnlySpan<float> x, Span<float> w)
    {
        float sum = 0;
        int i = 0;
        foreach (float v in x)
        {
            float z = v * w[i];
            if (z > 0)
            {
                sum += z;
            }

            i++;
        }

        return sum;
    }

    /// <summary>A float tanh layer with a local hidden array, then a squared error against a target.</summary>
    [Differentiable]
    public static float TanhLayer(float[] w, float[] b, [NoDiff] float[] input, [NoDiff] float[] target)
    {
        var hidden = new float[b.Length];
        for (int h = 0; h < b.Length; h++)
        {
            float a = b[h];
            for (int i = 0; i < input.Length; i++)
            {
                a += w[(h * input.Length) + i] * input[i];
            }

            hidden[h] = MathF.Tanh(a);
        }

        float error = 0;
        for (int h = 0; h < hidden.Length; h++)
        {
            float r = hidden[h] - target[h];
            error += r * r;
        }

        return error;
    }

    /// <summary>In-place prefix sums in a stackalloc float span, then a while loop with a run-time stride.</summary>
    [Differentiable]
    public static float PrefixSumsStackalloc(ReadOnlySpan<float> x, int stride)
    {
        Span<float> c = stackalloc float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            c[i] = x[i];
        }

        for (int i = 1; i < c.Length; i++)
        {
            c[i] += c[i - 1] * 0.5f;
        }

        float sum = 0;
        int k = 0;
        while (k < c.Length)
        {
            sum += MathF.Sin(c[k]);
            k += stride;
        }

        return sum;
    }

    /// <summary>The quadratic form xᵀAx over a jagged float[][] with nested loops.</summary>
    [Differentiable]
    public static float QuadraticForm(float[][] a, float[] x)
    {
        float sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                sum += x[i] * a[i][j] * x[j];
            }
        }

        return sum;
    }

    /// <summary>A damped oscillator x'' = −ω²x − γx' integrated with RK4 in float (local stage arrays reused every step).</summary>
    [Differentiable]
    public static float DampedOscillatorRk4(float omega, float gamma, float[] initial, [NoDiff] float dt, int steps)
    {
        var y = new float[2];
        var k1 = new float[2];
        var k2 = new float[2];
        var k3 = new float[2];
        var k4 = new float[2];
        y[0] = initial[0];
        y[1] = initial[1];
        float w2 = omega * omega;
        for (int step = 0; step < steps; step++)
        {
            k1[0] = y[1];
            k1[1] = (-w2 * y[0]) - (gamma * y[1]);
            k2[0] = y[1] + (0.5f * dt * k1[1]);
            k2[1] = (-w2 * (y[0] + (0.5f * dt * k1[0]))) - (gamma * k2[0]);
            k3[0] = y[1] + (0.5f * dt * k2[1]);
            k3[1] = (-w2 * (y[0] + (0.5f * dt * k2[0]))) - (gamma * k3[0]);
            k4[0] = y[1] + (dt * k3[1]);
            k4[1] = (-w2 * (y[0] + (dt * k3[0]))) - (gamma * k4[0]);
            for (int i = 0; i < 2; i++)
            {
                y[i] += dt / 6 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
            }
        }

        return (y[0] * y[0]) + (y[1] * y[1]);
    }
}
