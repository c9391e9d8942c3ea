using System;
using System.Numerics;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Generic differentiable methods over <c>T : IFloatingPointIeee754&lt;T&gt;</c>: generic math (<c>T.Exp</c>,
/// <c>T.One</c>, <c>T.CreateChecked</c>, operators on T), checked at T = double and T = float.
/// </summary>
public static partial class Generic
{
    /// <summary>Max-shifted log-sum-exp with T.Max, T.Exp, T.Log.</summary>
    [Differentiable]
    public static T LogSumExp<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = T.Max(max, x[i]);
        }

        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            sum += T.Exp(x[i] - max);
        }

        return max + T.Log(sum);
    }

    /// <summary>A scalar helper called from generic code (chained through its generic pullback, not inlined).</summary>
    [Differentiable]
    public static T Sigmoid<T>(T z)
        where T : IFloatingPointIeee754<T>
        => T.One / (T.One + T.Exp(-z));

    /// <summary>Logistic regression's mean negative log-likelihood with an L2 term: literals through T.CreateChecked.</summary>
    [Differentiable]
    public static T Logistic<T>(ReadOnlySpan<T> w, [NoDiff] T[][] features, [NoDiff] int[] labels, T lambda)
        where T : IFloatingPointIeee754<T>
    {
        T loss = T.Zero;
        for (int n = 0; n < features.Length; n++)
        {
            T z = T.Zero;
            for (int j = 0; j < w.Length; j++)
            {
                z += w[j] * features[n][j];
            }

            T p = Sigmoid(z);
            loss -= labels[n] == 1 ? T.Log(p) : T.Log(T.One - p);
        }

        T penalty = T.Zero;
        foreach (T v in w)
        {
            penalty += v * v;
        }

        return loss / T.CreateChecked(features.Length) + T.CreateChecked(0.5) * lambda * penalty;
    }

    /// <summary>A kernel with an output span: y = tanh(W x + b), written element by element.</summary>
    [Differentiable]
    public static void TanhAffine<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            T sum = b[i];
            for (int j = 0; j < x.Length; j++)
            {
                sum += w[i * x.Length + j] * x[j];
            }

            y[i] = T.Tanh(sum);
        }
    }

    /// <summary>Calls the generic kernel on a local array, then reduces: the kernel's generic pullback in a generic caller.</summary>
    [Differentiable]
    public static T TanhAffineSquaredNorm<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        T[] y = new T[b.Length];
        TanhAffine<T>(w, b, x, y);
        T sum = T.Zero;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i] * y[i];
        }

        return sum;
    }

    /// <summary>
    /// Generic math beyond the basics: T.Pi and T.Sqrt, T.Pow, T.Abs, T.Hypot, T.Atan2, T.Ieee754Remainder,
    /// unary minus, increments of a T, a branch on active values and an in-place element update.
    /// </summary>
    [Differentiable]
    public static T Mixed<T>(T[] x, T a)
        where T : IFloatingPointIeee754<T>
    {
        T[] scratch = new T[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            scratch[i] = x[i];
            scratch[i] *= a;
        }

        T counter = T.Zero;
        T sum = T.Zero;
        for (int i = 0; i < scratch.Length; i++)
        {
            counter++;
            T v = scratch[i];
            sum += v > T.Zero ? T.Sqrt(v + T.Pi) : -T.Pow(-v, T.CreateChecked(1.5));
            sum += T.Abs(v) * counter + T.Hypot(v, a) + T.Atan2(v, a) + T.Ieee754Remainder(v, T.CreateChecked(0.75f));
        }

        return sum;
    }

    /// <summary>A double method calling the generic methods at T = double (explicit and inferred type arguments).</summary>
    [Differentiable]
    public static double DoubleCaller(double[] x, double scale)
        => LogSumExp<double>(x) * scale + Sigmoid(scale * x[0]);

    /// <summary>A float method calling the generic methods at T = float.</summary>
    [Differentiable]
    public static float FloatCaller(float[] x, float scale)
        => LogSumExp<float>(x) * scale + Sigmoid(scale * x[0]);
}
