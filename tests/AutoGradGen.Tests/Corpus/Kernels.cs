using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Void kernels: outputs are the mutable floating array parameters they write.</summary>
public static partial class Kernels
{
    /// <summary>y = W·x + b for a row-major W (outputs × inputs): a dense layer's forward pass.</summary>
    [Differentiable]
    public static void Affine(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> x, Span<double> y)
    {
        int inputs = x.Length;
        for (int o = 0; o < y.Length; o++)
        {
            double sum = bias[o];
            for (int i = 0; i < inputs; i++)
            {
                sum += weights[o * inputs + i] * x[i];
            }

            y[o] = sum;
        }
    }

    /// <summary>In place: y ← tanh(α·y) — an in-out output and a scalar input.</summary>
    [Differentiable]
    public static void ScaledTanhInPlace(Span<double> y, double alpha)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Tanh(alpha * y[i]);
        }
    }

    /// <summary>Two outputs written from one input, with a branch (a leaky ReLU and its mask-free square).</summary>
    [Differentiable]
    public static void LeakyReluAndSquare(ReadOnlySpan<double> x, [NoDiff] double slope, Span<double> activated, float[] squared)
    {
        for (int i = 0; i < x.Length; i++)
        {
            activated[i] = x[i] > 0 ? x[i] : slope * x[i];
            squared[i] = (float)(x[i] * x[i]);
        }
    }
}

/// <summary>Differentiable code that calls kernels: a small network and an ODE step built from them.</summary>
public static partial class KernelCalls
{
    /// <summary>A two-layer network from kernels (affine, in-place tanh, affine) and a squared error.</summary>
    [Differentiable]
    public static double TwoLayerLoss(
        ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2,
        [NoDiff] ReadOnlySpan<double> x, [NoDiff] ReadOnlySpan<double> target)
    {
        double[] hidden = new double[b1.Length];
        double[] output = new double[b2.Length];
        Kernels.Affine(w1, b1, x, hidden);
        Kernels.ScaledTanhInPlace(hidden, 1.0);
        Kernels.Affine(w2, b2, hidden, output);
        double loss = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double difference = output[i] - target[i];
            loss += difference * difference;
        }

        return loss;
    }

    /// <summary>dy = −r ⊙ y + shift, as a kernel.</summary>
    [Differentiable]
    public static void Decay(ReadOnlySpan<double> rates, ReadOnlySpan<double> y, Span<double> dy)
    {
        for (int i = 0; i < y.Length; i++)
        {
            dy[i] = -rates[i] * y[i] + 0.1 * i;
        }
    }

    /// <summary>Explicit midpoint steps in a loop, the derivative evaluated by a kernel into reused buffers.</summary>
    [Differentiable]
    public static double MidpointSteps(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, [NoDiff] int steps, [NoDiff] double h)
    {
        int n = initial.Length;
        double[] y = new double[n];
        double[] slope = new double[n];
        double[] middle = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = initial[i];
        }

        for (int s = 0; s < steps; s++)
        {
            Decay(rates, y, slope);
            for (int i = 0; i < n; i++)
            {
                middle[i] = y[i] + 0.5 * h * slope[i];
            }

            Decay(rates, middle, slope);
            for (int i = 0; i < n; i++)
            {
                y[i] += h * slope[i];
            }
        }

        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += y[i] * y[i];
        }

        return total;
    }
}
