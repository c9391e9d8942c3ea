using System;
using System.Numerics;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>A "library" the generator cannot see into: plain methods with no [Differentiable].</summary>
public static class ExternalMath
{
    /// <summary>Σ aᵢbᵢ, as a vendor BLAS would provide it.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>The logistic function, as a special-function library would provide it.</summary>
    public static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Σ aᵢ²bᵢ for any number type, as a generic-math library would provide it.</summary>
    public static T WeightedSquares<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : INumber<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * a[i] * b[i];
        }

        return sum;
    }
}

/// <summary>User registrations of the external methods' pullbacks, and code that calls them.</summary>
public static partial class CustomDerivatives
{
    /// <summary>∂(a·b)/∂a = b, ∂(a·b)/∂b = a.</summary>
    [DerivativeOf(typeof(ExternalMath), nameof(ExternalMath.Dot))]
    public static void DotPullback(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> aAdjoint, Span<double> bAdjoint)
    {
        for (int i = 0; i < a.Length; i++)
        {
            aAdjoint[i] += seed * b[i];
            bAdjoint[i] += seed * a[i];
        }
    }

    /// <summary>σ'(z) = σ(z)(1 − σ(z)).</summary>
    [DerivativeOf(typeof(ExternalMath), nameof(ExternalMath.Logistic))]
    public static void LogisticPullback(double z, double seed, ref double zAdjoint)
    {
        double s = ExternalMath.Logistic(z);
        zAdjoint += seed * s * (1 - s);
    }

    /// <summary>∂/∂aᵢ = 2aᵢbᵢ, ∂/∂bᵢ = aᵢ²: one registration for every floating type the generic method is called with.</summary>
    [DerivativeOf(typeof(ExternalMath), nameof(ExternalMath.WeightedSquares))]
    public static void WeightedSquaresPullback<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> aAdjoint, Span<T> bAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Length; i++)
        {
            aAdjoint[i] += seed * (a[i] + a[i]) * b[i];
            bAdjoint[i] += seed * a[i] * a[i];
        }
    }

    /// <summary>The generic registration at double, with both arguments differentiated.</summary>
    [Differentiable]
    public static double SquaresScore(double[] a, double[] b) => Math.Tanh(ExternalMath.WeightedSquares<double>(a, b));

    /// <summary>The generic registration at float.</summary>
    [Differentiable]
    public static float SquaresScoreSingle(float[] a, [NoDiff] float[] b) => MathF.Sqrt(1 + ExternalMath.WeightedSquares(a, b));

    /// <summary>The generic registration from a generic caller: called with the caller's own T.</summary>
    [Differentiable]
    public static T SquaresScoreGeneric<T>(T[] a, [NoDiff] T[] b)
        where T : IFloatingPointIeee754<T>
        => T.Exp(ExternalMath.WeightedSquares<T>(a, b) * T.CreateChecked(0.5));

    /// <summary>A logistic regression score through both registered primitives.</summary>
    [Differentiable]
    public static double Score(double[] weights, double[] features, double bias)
        => ExternalMath.Logistic(ExternalMath.Dot(weights, features) + bias) * 2.0;

    /// <summary>The registrations used inside a loop, with a slice.</summary>
    [Differentiable]
    public static double BlockScores(double[] weights, [NoDiff] double[] features, int block)
    {
        double total = 0;
        for (int start = 0; start + block <= weights.Length; start += block)
        {
            total += ExternalMath.Logistic(ExternalMath.Dot(weights.AsSpan(start, block), features.AsSpan(start, block)));
        }

        return total;
    }
}
