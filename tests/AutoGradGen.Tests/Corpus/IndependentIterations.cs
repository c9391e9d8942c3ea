using System;
using System.Numerics;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Sums over points whose iterations share nothing else: each iteration is reversed right after it
/// runs, into partials the reverse sweep scales by the sum's adjoint. And near misses — an array
/// carried from one iteration to the next, a sum whose old value the reverse sweep needs, a counter
/// read before its loop — that must keep the ordinary loop reverse.
/// </summary>
public static partial class IndependentIterations
{
    /// <summary>
    /// Σₚ s·‖L(xₚ − μ)‖² + log-barrier, with L lower triangular, s = exp(w₀) computed before the loop
    /// (a scalar partial), a local array written whole at the start of every iteration, and a
    /// mixture-style inner max and log-sum-exp.
    /// </summary>
    [Differentiable]
    public static double PointwiseQuadratic(ReadOnlySpan<double> mean, ReadOnlySpan<double> lower, ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> points)
    {
        int d = mean.Length;
        int n = points.Length / d;
        double scale = Math.Exp(w[0]);
        double[] centered = new double[d];
        double[] terms = new double[3];
        double total = 0;
        for (int p = 0; p < n; p++)
        {
            for (int j = 0; j < d; j++)
            {
                centered[j] = points[p * d + j] - mean[j];
            }

            double squaredNorm = 0;
            for (int row = 0; row < d; row++)
            {
                double transformed = 0;
                for (int col = 0; col <= row; col++)
                {
                    transformed += lower[row * (row + 1) / 2 + col] * centered[col];
                }

                squaredNorm += transformed * transformed;
            }

            for (int t = 0; t < terms.Length; t++)
            {
                terms[t] = w[t] - (t + 1) * squaredNorm;
            }

            double max = terms[0];
            for (int t = 1; t < terms.Length; t++)
            {
                max = Math.Max(max, terms[t]);
            }

            double sum = 0;
            for (int t = 0; t < terms.Length; t++)
            {
                sum += Math.Exp(terms[t] - max);
            }

            total += scale * squaredNorm - (Math.Log(sum) + max);
        }

        return total / n;
    }

    /// <summary>Polynomial least squares in single precision, the sum subtracted from.</summary>
    [Differentiable]
    public static float NegativeLeastSquaresSingle(ReadOnlySpan<float> coefficients, [NoDiff] ReadOnlySpan<float> t, [NoDiff] ReadOnlySpan<float> y)
    {
        float loss = 0;
        for (int i = 0; i < t.Length; i++)
        {
            float power = 1;
            float prediction = 0;
            for (int j = 0; j < coefficients.Length; j++)
            {
                prediction += coefficients[j] * power;
                power *= t[i];
            }

            float residual = prediction - y[i];
            loss -= 0.5f * residual * residual;
        }

        return loss;
    }

    /// <summary>The same least squares over a floating type parameter.</summary>
    [Differentiable]
    public static T LeastSquaresGeneric<T>(ReadOnlySpan<T> coefficients, [NoDiff] ReadOnlySpan<T> t, [NoDiff] ReadOnlySpan<T> y)
        where T : IFloatingPointIeee754<T>
    {
        T loss = T.Zero;
        for (int i = 0; i < t.Length; i++)
        {
            T power = T.One;
            T prediction = T.Zero;
            for (int j = 0; j < coefficients.Length; j++)
            {
                prediction += coefficients[j] * power;
                power *= t[i];
            }

            T residual = prediction - y[i];
            loss += residual * residual;
        }

        return loss;
    }

    /// <summary>Each point's residual through a [Differentiable] callee given slices of the weights.</summary>
    [Differentiable]
    public static double SlicedCalls(ReadOnlySpan<double> weights, [NoDiff] ReadOnlySpan<double> points, [NoDiff] int width)
    {
        double total = 0;
        for (int p = 0; p < points.Length / width; p++)
        {
            double residual = 0;
            for (int j = 0; j < width; j++)
            {
                residual += Math.Sin(weights[j] * points[p * width + j]);
            }

            total += Dot(weights.Slice(width, width), points.Slice(p * width, width)) * residual;
        }

        return total;
    }

    /// <summary>Each point through a callee given the whole weight array (its partial is longer than the array).</summary>
    [Differentiable]
    public static double WholeArrayCalls(ReadOnlySpan<double> weights, [NoDiff] ReadOnlySpan<double> points)
    {
        int width = weights.Length;
        double total = 0;
        for (int p = 0; p < points.Length / width; p++)
        {
            double bend = 1;
            for (int j = 0; j < width; j++)
            {
                bend *= Math.Cos(weights[j] * points[p * width + j]);
            }

            total += Dot(weights, points.Slice(p * width, width)) * bend;
        }

        return total;
    }

    /// <summary>
    /// A mixture-style double loop: the private array is written whole at the start of every inner
    /// iteration (per component), not of the outer one, and the sum grows inside the inner loop.
    /// </summary>
    [Differentiable]
    public static double ComponentsPerPoint(ReadOnlySpan<double> means, ReadOnlySpan<double> weights, [NoDiff] ReadOnlySpan<double> points, [NoDiff] int d)
    {
        int k = weights.Length;
        double[] centered = new double[d];
        double total = 0;
        for (int p = 0; p < points.Length / d; p++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    centered[j] = points[p * d + j] - means[c * d + j];
                }

                double norm = 0;
                for (int j = 0; j < d; j++)
                {
                    norm += centered[j] * centered[j];
                }

                total += weights[c] * Math.Exp(-norm);
            }
        }

        return total;
    }

    /// <summary>Σⱼ a[j]·b[j].</summary>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, [NoDiff] ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }

    /// <summary>Near miss: <c>state</c> carries each point's values into the next (read before it is written).</summary>
    [Differentiable]
    public static double CarriedState(ReadOnlySpan<double> gain, [NoDiff] ReadOnlySpan<double> points)
    {
        int d = gain.Length;
        double[] state = new double[d];
        double total = 0;
        for (int p = 0; p < points.Length / d; p++)
        {
            for (int j = 0; j < d; j++)
            {
                state[j] = 0.5 * state[j] + gain[j] * points[p * d + j];
            }

            for (int j = 0; j < d; j++)
            {
                total += state[j] * state[j];
            }
        }

        return total;
    }

    /// <summary>Near miss: <c>scratch</c> is written only in part each iteration, so later ones read earlier values.</summary>
    [Differentiable]
    public static double PartlyWritten(ReadOnlySpan<double> gain, [NoDiff] ReadOnlySpan<double> points)
    {
        int d = gain.Length;
        double[] scratch = new double[d];
        double total = 0;
        for (int p = 0; p < points.Length / d; p++)
        {
            for (int j = 0; j < d - 1; j++)
            {
                scratch[j] = gain[j] * points[p * d + j] + scratch[j + 1];
            }

            for (int j = 0; j < d; j++)
            {
                total += scratch[j] * scratch[j];
            }

            scratch[d - 1] = gain[0] * points[p * d];
        }

        return total;
    }

    /// <summary>
    /// Near miss: the loop writing the array is bounded by the element its length was taken from,
    /// changed after the array's creation, so it writes only part of it.
    /// </summary>
    [Differentiable]
    public static double LengthChangedAfterCreation(ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> points)
    {
        int[] sizes = new int[1];
        sizes[0] = w.Length;
        double[] a = new double[sizes[0]];
        sizes[0] = sizes[0] - 1;
        double total = 0;
        for (int p = 0; p < points.Length; p++)
        {
            for (int j = 0; j < sizes[0]; j++)
            {
                a[j] = w[j] * points[p];
            }

            for (int j = 0; j < a.Length; j++)
            {
                total += a[j] * a[j];
            }

            a[a.Length - 1] = a[a.Length - 1] + a[0];
        }

        return total;
    }

    /// <summary>Near miss: the array is written whole only when a branch is taken.</summary>
    [Differentiable]
    public static double WholeWriteInABranch(ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> points)
    {
        double[] a = new double[w.Length];
        double total = 0;
        for (int p = 0; p < points.Length; p++)
        {
            if (points[p] > 0)
            {
                for (int j = 0; j < a.Length; j++)
                {
                    a[j] = w[j] * points[p];
                }
            }

            for (int j = 0; j < a.Length; j++)
            {
                total += a[j] * w[j];
            }
        }

        return total;
    }

    /// <summary>Near miss: the reverse of <c>square = total · total</c> reads the sum's value from before the loop.</summary>
    [Differentiable]
    public static double SumReadBeforeItsLoop(ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> points)
    {
        double total = w[0] * w[1];
        double square = total * total;
        for (int p = 0; p < points.Length; p++)
        {
            double power = 1;
            for (int j = 0; j < w.Length; j++)
            {
                power *= 1 + w[j] * points[p];
            }

            total += power;
        }

        return total + square;
    }

    /// <summary>The sum starts as exp(w₀): the exponential's derivative reads its own value, not the sum's, so the sum is free to grow.</summary>
    [Differentiable]
    public static double SumStartsAtAnExponential(ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> points)
    {
        double total = Math.Exp(w[0]);
        for (int p = 0; p < points.Length; p++)
        {
            double power = 1;
            for (int j = 0; j < w.Length; j++)
            {
                power *= 1 + w[j] * points[p];
            }

            total += power;
        }

        return total * total;
    }

    /// <summary>Near miss: the counter is read before the loop, so the loop's reverse must put it back.</summary>
    [Differentiable]
    public static double CounterReadBefore(ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> points)
    {
        int p = 1;
        double total = w[p] * points[0];
        for (; p < points.Length; p++)
        {
            double product = 1;
            for (int j = 0; j < w.Length; j++)
            {
                product *= Math.Cos(w[j] * points[p]);
            }

            total += product;
        }

        return total * w[p % w.Length];
    }
}
