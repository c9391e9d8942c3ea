using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Combinations of the array constructs: branches and loops nested in each other, jumps out of
/// nested loops, do loops with continue, repeated scatter indices with multiplicative updates.
/// </summary>
public static partial class ArraysControlFlow
{
    /// <summary>A loop inside a branch inside a loop, with a branch in the inner loop (decisions at three depths).</summary>
    [Differentiable]
    public static double LoopInBranchInLoop(double[] x, double[] w)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                for (int j = 0; j < w.Length; j++)
                {
                    double z = x[i] * w[j];
                    if (z > 0.1)
                    {
                        total += z * z;
                    }
                    else if (z < -0.1)
                    {
                        total -= z;
                    }
                    else
                    {
                        total += Math.Sin(z);
                    }
                }
            }
            else
            {
                total += Math.Exp(x[i]);
            }
        }

        return total;
    }

    /// <summary>break out of an inner loop on an active condition; the outer loop keeps going and counts.</summary>
    [Differentiable]
    public static double BreakInnerLoop(double[][] rows, [NoDiff] double limit)
    {
        double total = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            double running = 0;
            for (int c = 0; c < rows[r].Length; c++)
            {
                running += rows[r][c] * rows[r][c];
                if (running > limit)
                {
                    break;
                }
            }

            total += Math.Sqrt(running) * (r + 1);
        }

        return total;
    }

    /// <summary>return from inside two nested loops, the first time a pairwise product exceeds a threshold.</summary>
    [Differentiable]
    public static double ReturnFromNestedLoops(double[] a, double[] b, [NoDiff] double threshold)
    {
        double acc = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                double p = a[i] * b[j];
                if (p > threshold)
                {
                    return acc + (p * p);
                }

                acc += 0.5 * p;
            }
        }

        return Math.Tanh(acc);
    }

    /// <summary>A do loop with a continue (which jumps to the condition) and an active accumulator.</summary>
    [Differentiable]
    public static double DoWithContinue(double[] x)
    {
        double sum = 0;
        int i = 0;
        do
        {
            double v = x[i];
            i++;
            if (v < 0)
            {
                sum += 0.1 * v;
                continue;
            }

            sum += v * v;
        }
        while (i < x.Length);

        return sum;
    }

    /// <summary>A while loop with continue and break, the index advanced at the top of the body.</summary>
    [Differentiable]
    public static double WhileContinueBreak(double[] x, [NoDiff] double stop)
    {
        double product = 1;
        int i = 0;
        while (i < x.Length)
        {
            double v = x[i];
            i++;
            if (Math.Abs(v) < 0.2)
            {
                continue;
            }

            product *= v;
            if (Math.Abs(product) > stop)
            {
                break;
            }
        }

        return product;
    }

    /// <summary>An int count that depends on active decisions, later used as an index into a local array.</summary>
    [Differentiable]
    public static double CompactPositives(double[] x)
    {
        var kept = new double[x.Length];
        int count = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                kept[count] = x[i] * (i + 1);
                count++;
            }
        }

        double sum = 0;
        for (int k = 0; k < count; k++)
        {
            sum += Math.Log(1 + kept[k]) * (k + 1);
        }

        return sum + count;
    }

    /// <summary>Multiplicative scatter through an int[] with repeated indices (each element multiplied several times).</summary>
    [Differentiable]
    public static double MultiplicativeScatter(double[] x, int[] index, int bins)
    {
        var factors = new double[bins];
        for (int b = 0; b < bins; b++)
        {
            factors[b] = 1;
        }

        for (int i = 0; i < x.Length; i++)
        {
            factors[index[i]] *= 1 + (0.5 * x[i]);
            factors[index[i]] -= 0.1 * x[i] * factors[index[i]];
        }

        double sum = 0;
        for (int b = 0; b < bins; b++)
        {
            sum += factors[b] * factors[b];
        }

        return sum;
    }

    /// <summary>Elements updated from other elements of the same array (a[i] *= a[j], a[i] /= a[i-1]) in place.</summary>
    [Differentiable]
    public static double SelfReferencingUpdates(double[] x)
    {
        var a = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            a[i] = 1 + (x[i] * x[i]);
        }

        for (int i = 1; i < a.Length; i++)
        {
            a[i] *= a[i - 1];
            a[i] /= 1 + a[i - 1];
            a[i - 1] *= a[i - 1];
        }

        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i];
        }

        return sum;
    }

    /// <summary>An active conditional expression inside a loop (abs via ?:) and a callee called only in one arm of a branch.</summary>
    [Differentiable]
    public static double ConditionalsAndCalleeInBranch(double[] x, double[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] > 0 ? x[i] * y[i] : -x[i];
            if (y[i] > 0)
            {
                sum += ArraysCalls.Dot(x.AsSpan(0, i + 1), y.AsSpan(0, i + 1));
            }
        }

        return sum;
    }

    /// <summary>Sub-slices of jagged rows (c[k].AsSpan(1, n)) passed to a callee.</summary>
    [Differentiable]
    public static double JaggedRowSlices(double[][] c, double[] w)
    {
        double total = 0;
        for (int k = 0; k < c.Length; k++)
        {
            total += ArraysCalls.Dot(c[k].AsSpan(1, w.Length), w) * c[k][0];
        }

        return total;
    }

    /// <summary>A jagged parameter passed whole to a [Differentiable] callee, and a [NoDiff] array to its [NoDiff] parameter.</summary>
    [Differentiable]
    public static double JaggedToCallee(double[][] points, double[][] centers, [NoDiff] double[] weights)
    {
        return ArraysModels.KMeansCost(points, centers) + WeightedSum(centers[0], weights);
    }

    /// <summary>Σ xᵢ·wᵢ with constant weights (a callee with a [NoDiff] span).</summary>
    [Differentiable]
    public static double WeightedSum(ReadOnlySpan<double> x, [NoDiff] ReadOnlySpan<double> weights)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * weights[i];
        }

        return sum;
    }

    /// <summary>Math functions of array elements in a loop: Pow, Atan2, Log, Sqrt, Cosh, Abs.</summary>
    [Differentiable]
    public static double MathOverElements(double[] x, double[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Pow(1 + (x[i] * x[i]), 0.75) + Math.Atan2(y[i], 1 + (x[i] * x[i]));
            sum += Math.Log(Math.Cosh(y[i])) - Math.Sqrt(Math.Abs(x[i]) + 1);
        }

        return sum;
    }

    /// <summary>A scalar carried across two loops and overwritten in both, with the second loop running backwards.</summary>
    [Differentiable]
    public static double ForwardThenBackwardRecurrence(double[] x)
    {
        double h = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h = Math.Tanh((0.8 * h) + x[i]);
        }

        double back = h;
        for (int i = x.Length - 1; i >= 0; i--)
        {
            back = (back * x[i]) + Math.Sin(back);
        }

        return back;
    }
}
