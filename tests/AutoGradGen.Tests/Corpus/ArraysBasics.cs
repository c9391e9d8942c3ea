using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Loops over arrays, one construct at a time: while/do loops with run-time trip counts, break,
/// continue and return inside loops, nested loops, foreach, branches on active values, scalars and
/// array elements overwritten in loops, index arrays, local arrays (new, initializer, stackalloc).
/// </summary>
public static partial class ArraysBasics
{
    /// <summary>A while loop whose stride (and so trip count) is a run-time int.</summary>
    [Differentiable]
    public static double StridedSum(double[] x, int stride)
    {
        double sum = 0;
        int k = 0;
        while (k < x.Length)
        {
            sum += x[k] * x[k] * (k + 1);
            k += stride;
        }

        return sum;
    }

    /// <summary>Newton's square root of every element, a while loop until a tolerance on active values, nested in a for loop.</summary>
    [Differentiable]
    public static double NewtonSquareRoots(double[] x, [NoDiff] double[] weights)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double a = x[i];
            double root = a;
            while (Math.Abs((root * root) - a) > 1e-6 * a)
            {
                root = 0.5 * (root + (a / root));
            }

            total += weights[i] * root;
        }

        return total;
    }

    /// <summary>A do loop that halves a local copy until its squared norm is at most 1 (trip count depends on the inputs).</summary>
    [Differentiable]
    public static double HalveUntilUnit(double[] x)
    {
        var v = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            v[i] = x[i];
        }

        double norm;
        do
        {
            norm = 0;
            for (int i = 0; i < v.Length; i++)
            {
                norm += v[i] * v[i];
            }

            if (norm > 1)
            {
                for (int i = 0; i < v.Length; i++)
                {
                    v[i] *= 0.5;
                }
            }
        }
        while (norm > 1);

        double result = 0;
        for (int i = 0; i < v.Length; i++)
        {
            result += Math.Sin(v[i]) * (i + 1);
        }

        return result + norm;
    }

    /// <summary>A do loop with a run-time pass count that overwrites every element of a local array on each pass.</summary>
    [Differentiable]
    public static double DampedPasses(double[] x, double decay, int passes)
    {
        var v = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            v[i] = x[i];
        }

        int pass = 0;
        do
        {
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = (v[i] * decay) + (0.1 * Math.Sin(v[i]));
            }

            pass++;
        }
        while (pass < passes);

        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i] * v[i];
        }

        return sum;
    }

    /// <summary>Accumulates squares until a budget is exceeded, then breaks (a break on an active condition).</summary>
    [Differentiable]
    public static double SumUntilBudget(double[] x, [NoDiff] double budget)
    {
        double sum = 0;
        int used = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i];
            used++;
            if (sum > budget)
            {
                break;
            }
        }

        return sum * used;
    }

    /// <summary>Skips negative elements with continue (an active condition) and weights the rest.</summary>
    [Differentiable]
    public static double SkipNegatives(double[] x, double[] w)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            sum += w[i] * x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Returns from inside the loop at the first element above a threshold; falls through otherwise.</summary>
    [Differentiable]
    public static double FirstAboveThreshold(double[] x, [NoDiff] double threshold)
    {
        double prefix = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > threshold)
            {
                return (x[i] * prefix) + Math.Exp(x[i]);
            }

            prefix += x[i];
        }

        return prefix * prefix;
    }

    /// <summary>The quadratic form xᵀAx with nested loops over a jagged matrix; A and x both differentiable.</summary>
    [Differentiable]
    public static double QuadraticForm(double[][] a, double[] x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                sum += x[i] * a[i][j] * x[j];
            }
        }

        return sum;
    }

    /// <summary>Triangular nested loops whose inner bound is the outer index, with a continue in the inner loop.</summary>
    [Differentiable]
    public static double PairwiseInteractions(double[] x)
    {
        double energy = 0;
        for (int i = 1; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if ((i + j) % 3 == 0)
                {
                    continue;
                }

                double d = x[i] - x[j];
                energy += 1.0 / (1.0 + (d * d));
            }
        }

        return energy;
    }

    /// <summary>foreach over a ReadOnlySpan and over a Span parameter.</summary>
    [Differentiable]
    public static double ForeachOverSpans(ReadOnlySpan<double> x, Span<double> y)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += Math.Sin(v) * v;
        }

        double product = 1;
        foreach (double v in y)
        {
            product *= 1 + (0.5 * v * v);
        }

        return sum + product;
    }

    /// <summary>foreach over a local array (filled by a for loop), with a branch on the element.</summary>
    [Differentiable]
    public static double ForeachOverLocal(double[] x)
    {
        var squares = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] = x[i] * x[i] - 1;
        }

        double sum = 0;
        foreach (double s in squares)
        {
            if (s > 0)
            {
                sum += Math.Sqrt(s);
            }
            else
            {
                sum -= s * s;
            }
        }

        return sum;
    }

    /// <summary>A leaky-ReLU layer: branches on active pre-activations inside the loop.</summary>
    [Differentiable]
    public static double LeakyReluLayer(double[] x, double[] w, double bias)
    {
        double output = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double z = (w[i] * x[i]) + bias;
            if (z > 0)
            {
                output += z;
            }
            else
            {
                output += 0.01 * z;
            }
        }

        return output;
    }

    /// <summary>Clips a local copy to [low, high] in place with an if / else-if chain, then sums a smooth function of it.</summary>
    [Differentiable]
    public static double ClipInPlace(double[] x, [NoDiff] double low, [NoDiff] double high)
    {
        var clipped = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            clipped[i] = x[i] * 1.5;
            if (clipped[i] < low)
            {
                clipped[i] = low;
            }
            else if (clipped[i] > high)
            {
                clipped[i] = high + (0.1 * (clipped[i] - high));
            }
        }

        double sum = 0;
        for (int i = 0; i < clipped.Length; i++)
        {
            sum += Math.Exp(clipped[i]) * x[i];
        }

        return sum;
    }

    /// <summary>The same clipping written as two sequential ifs (one decision each), then a smooth reduction.</summary>
    [Differentiable]
    public static double ClipSequentialIfs(double[] x, [NoDiff] double low, [NoDiff] double high)
    {
        var clipped = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            clipped[i] = x[i] * 1.5;
            if (clipped[i] < low)
            {
                clipped[i] = low;
            }

            if (clipped[i] > high)
            {
                clipped[i] = high + (0.1 * (clipped[i] - high));
            }
        }

        double sum = 0;
        for (int i = 0; i < clipped.Length; i++)
        {
            sum += Math.Exp(clipped[i]) * x[i];
        }

        return sum;
    }

    /// <summary>A running max kept with an if, and a running product, both scalars overwritten every iteration.</summary>
    [Differentiable]
    public static double RunningMaxAndProduct(double[] x)
    {
        double max = x[0];
        double product = 1;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > max)
            {
                max = x[i];
            }

            product *= 1 + (0.3 * x[i]);
        }

        return (max * max) + product;
    }

    /// <summary>A running min with Math.Min and a running sum of exponentials rescaled whenever the min changes.</summary>
    [Differentiable]
    public static double RunningMinRescaled(double[] x)
    {
        double min = x[0];
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double next = Math.Min(min, x[i]);
            sum = (sum * Math.Exp(next - min)) + Math.Exp(next - x[i]);
            min = next;
        }

        return min - Math.Log(sum);
    }

    /// <summary>Prefix sums of a local array in place, then in-place scaling, then a second prefix pass (each element written three times).</summary>
    [Differentiable]
    public static double PrefixSumsInPlace(double[] x, double scale)
    {
        var c = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            c[i] = x[i];
        }

        for (int i = 1; i < c.Length; i++)
        {
            c[i] += c[i - 1];
        }

        for (int i = 0; i < c.Length; i++)
        {
            c[i] *= scale;
        }

        for (int i = 1; i < c.Length; i++)
        {
            c[i] = c[i] + (0.5 * c[i - 1]);
        }

        double sum = 0;
        for (int i = 0; i < c.Length; i++)
        {
            sum += Math.Sin(c[i]);
        }

        return sum;
    }

    /// <summary>Gauss-Seidel smoothing passes over a local array (in-place reads of already-updated neighbours), then a squared error.</summary>
    [Differentiable]
    public static double SmoothingPasses(double[] x, [NoDiff] double[] target, int passes)
    {
        var u = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            u[i] = x[i];
        }

        for (int pass = 0; pass < passes; pass++)
        {
            for (int i = 1; i < u.Length - 1; i++)
            {
                u[i] = (0.25 * u[i - 1]) + (0.5 * u[i]) + (0.25 * u[i + 1]);
            }
        }

        double error = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double r = u[i] - target[i];
            error += r * r;
        }

        return error;
    }

    /// <summary>Compound assignments on array elements: +=, -=, *=, /= on a local copy.</summary>
    [Differentiable]
    public static double CompoundElementUpdates(double[] x, double[] y)
    {
        var a = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            a[i] = 1;
            a[i] += x[i];
            a[i] *= y[i];
            a[i] -= x[i] * x[i];
            a[i] /= 1 + (y[i] * y[i]);
        }

        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * a[i];
        }

        return sum;
    }

    /// <summary>Scatter-add into a local histogram through an int[] index array, then gather back through a second one.</summary>
    [Differentiable]
    public static double ScatterGather(double[] x, int[] scatter, int[] gather, int bins)
    {
        var histogram = new double[bins];
        for (int i = 0; i < x.Length; i++)
        {
            histogram[scatter[i]] += x[i] * x[i];
        }

        double sum = 0;
        for (int j = 0; j < gather.Length; j++)
        {
            sum += histogram[gather[j]] * x[j % x.Length];
        }

        return sum;
    }

    /// <summary>A stackalloc local span (top level), filled, updated in place and reduced.</summary>
    [Differentiable]
    public static double StackallocScratch(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            t[i] = Math.Tanh(x[i]);
        }

        for (int i = t.Length - 2; i >= 0; i--)
        {
            t[i] += t[i + 1] * t[i];
        }

        double sum = 0;
        for (int i = 0; i < t.Length; i++)
        {
            sum += t[i];
        }

        return sum;
    }

    /// <summary>A local array from an initializer of active scalars, read in a loop.</summary>
    [Differentiable]
    public static double InitializerCoefficients(double a, double b, double c, [NoDiff] double[] ts)
    {
        double[] coefficients = { a, a * b, Math.Exp(c), b - c };
        double sum = 0;
        for (int i = 0; i < ts.Length; i++)
        {
            double value = 0;
            for (int k = coefficients.Length - 1; k >= 0; k--)
            {
                value = (value * ts[i]) + coefficients[k];
            }

            sum += value * value;
        }

        return sum;
    }

    /// <summary>y = A·x with a jagged A into a local array, then a branch-free reduction (matrix-vector product).</summary>
    [Differentiable]
    public static double MatrixVectorTanh(double[][] a, double[] x)
    {
        var y = new double[a.Length];
        for (int r = 0; r < a.Length; r++)
        {
            for (int c = 0; c < x.Length; c++)
            {
                y[r] += a[r][c] * x[c];
            }
        }

        double sum = 0;
        for (int r = 0; r < y.Length; r++)
        {
            sum += Math.Tanh(y[r]);
        }

        return sum;
    }

    /// <summary>Ragged segments given by an int[] of offsets: the log of each segment's sum of squares, segment bounds read from data.</summary>
    [Differentiable]
    public static double SegmentLogNorms(double[] x, int[] offsets)
    {
        double total = 0;
        for (int s = 0; s + 1 < offsets.Length; s++)
        {
            double norm = 1e-3;
            for (int i = offsets[s]; i < offsets[s + 1]; i++)
            {
                norm += x[i] * x[i];
            }

            total += Math.Log(norm) * (s + 1);
        }

        return total;
    }

    /// <summary>A soft clip applied in place to a local array over several passes: an element overwritten under an active branch, repeatedly.</summary>
    [Differentiable]
    public static double RepeatedSoftClip(double[] x, int passes)
    {
        var v = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            v[i] = 2 * x[i];
        }

        for (int pass = 0; pass < passes; pass++)
        {
            for (int i = 0; i < v.Length; i++)
            {
                if (v[i] > 1)
                {
                    v[i] = 1 + Math.Log(v[i]);
                }
                else
                {
                    v[i] = v[i] * 1.1;
                }
            }
        }

        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i] * (i + 1);
        }

        return sum;
    }

    /// <summary>Normalizes a Span parameter in place (writes to a differentiable parameter) and returns a function of the result.</summary>
    [Differentiable]
    public static double NormalizeParameterInPlace(Span<double> x)
    {
        double norm = 0;
        for (int i = 0; i < x.Length; i++)
        {
            norm += x[i] * x[i];
        }

        norm = Math.Sqrt(norm);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] /= norm;
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * (i + 1);
        }

        return sum + norm;
    }
}
