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
