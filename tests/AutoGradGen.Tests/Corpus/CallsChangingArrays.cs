using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Methods the generator cannot see into that change arrays the reverse sweep reads again: a [NoDiff]
/// coefficient array scaled in place, a normalization that also returns a value, slices and spans
/// filled by span methods, an index array sorted after a gather, and the same inside loops. Each
/// gradient must read the arrays as they were where the function read them.
/// </summary>
public static partial class CallsChangingArrays
{
    /// <summary>Σ wᵢxᵢ, then x scaled by 2 in place, then Σ wᵢxᵢ again: ∂/∂wᵢ = 3xᵢ (of the caller's x).</summary>
    [Differentiable]
    public static double DotScaleDot(double[] w, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * x[i];
        }

        ArrayHelpers.Scale(x, 2.0);
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * x[i];
        }

        return s;
    }

    /// <summary>A helper that normalizes x in place and returns its old norm, as the whole value of an assignment.</summary>
    [Differentiable]
    public static double NormalizeAndWeigh(ReadOnlySpan<double> w, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Sin(w[i]) * x[i];
        }

        double norm = ArrayHelpers.Normalize(x);
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i] * x[i] * norm;
        }

        return s;
    }

    /// <summary>
    /// Rounds of Σ wᵢ² xᵢ, each followed by a rotation of x in place (a loop whose whole-array saves
    /// share the loop's reserved room with its other saves), then a fill through a span and a slice
    /// scaled through a span helper.
    /// </summary>
    [Differentiable]
    public static double RotatingCoefficients(ReadOnlySpan<double> w, [NoDiff] double[] x, [NoDiff] int rounds)
    {
        double s = 0;
        double[] y = new double[w.Length];
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                y[i] = w[i] * x[i];
                s += y[i] * y[i];
            }

            ArrayHelpers.Rotate(x);
        }

        ArrayHelpers.Scale(x.AsSpan(1, x.Length - 1), 3.0);
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Exp(w[i] * x[i]);
        }

        x.AsSpan().Fill(0.5);
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i] * x[i];
        }

        return s;
    }

    /// <summary>
    /// A gather through an index array that is sorted afterwards: the reverse sweep adds each adjoint
    /// at the index the forward sweep read, not at the sorted one.
    /// </summary>
    [Differentiable]
    public static double GatherThenSort(ReadOnlySpan<double> w, [NoDiff] int[] index, [NoDiff] double[] c)
    {
        double s = 0;
        for (int i = 0; i < index.Length; i++)
        {
            s += c[i] * w[index[i]] * w[index[i]];
        }

        Array.Sort(index);
        for (int i = 0; i < index.Length; i++)
        {
            s += w[index[i]] * (i + 1);
        }

        return s;
    }

    /// <summary>
    /// A value computed from x before a call that normalizes x, and read after it: the reverse sweep
    /// may compute it again instead of saving it, and must do so from x as it was.
    /// </summary>
    [Differentiable]
    public static double RecomputedBeforeTheCall(ReadOnlySpan<double> w, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double t = x[i] * 2.0;
            double norm = ArrayHelpers.Normalize(x);
            s += t * w[i] * w[i] + norm * w[i];
        }

        return s;
    }

    /// <summary>
    /// A slice saved and put back, then the whole array changed by another call: the slice's save
    /// covers only its own elements, so the whole array is saved again.
    /// </summary>
    [Differentiable]
    public static double SliceThenWhole(ReadOnlySpan<double> w, [NoDiff] double[] x)
    {
        double s = w[0] * x[2] + w[1] * x[0];
        ArrayHelpers.Scale(x.AsSpan(0, 2), 2.0);
        ArrayHelpers.Scale(x, 3.0);
        return s + w[1] * w[1] * x[1];
    }

    /// <summary>A slice whose length changes every iteration, scaled after its bound was last read.</summary>
    [Differentiable]
    public static double GrowingSlice(ReadOnlySpan<double> w, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            int m = i + 1;
            s += w[i] * m;
            ArrayHelpers.Scale(x.AsSpan(0, m), 2.0);
            s += w[i] * w[i] * x[i];
        }

        return s;
    }

    /// <summary>
    /// A call in a branch (the only reverse work of the branch) and an index array sorted in a loop
    /// whose trip count is only known as it runs (recorded, on the tape the sorted indices share).
    /// </summary>
    [Differentiable]
    public static double SortUntilSmall(ReadOnlySpan<double> w, [NoDiff] int[] index, [NoDiff] double[] x, [NoDiff] bool scale)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * x[i];
        }

        if (scale)
        {
            ArrayHelpers.Scale(x, 0.5);
        }

        double total = 1;
        int round = 0;
        while (total > 0.05 && round < 10)
        {
            for (int i = 0; i < index.Length; i++)
            {
                total *= 0.5 + 0.1 * Math.Tanh(w[index[i]] * x[i]);
            }

            Array.Reverse(index);
            s += total;
            round++;
        }

        return s;
    }

    /// <summary>
    /// A [Differentiable] callee that updates a running state in its [NoDiff] array, reading it first:
    /// stateᵢ ← ½ stateᵢ + i, and returns Σ stateᵢ wᵢ². Its pullback runs it again, so each call's
    /// pullback must see the state as it was at that call.
    /// </summary>
    [Differentiable]
    public static double Relax(ReadOnlySpan<double> w, [NoDiff] double[] state)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            state[i] = (0.5 * state[i]) + i;
            s += state[i] * w[i] * w[i];
        }

        return s;
    }

    /// <summary>
    /// A [NoDiff] workspace that holds values carrying derivatives: sᵢ = wᵢ² + scratchᵢ (its incoming
    /// values are constants), then Σ sᵢ sᵢ₊₁. Its adjoint is scratch of the gradient's own. (AGG0016
    /// warns that callers reading the workspace afterwards would see constants; none does.)
    /// </summary>
    [Differentiable]
#pragma warning disable AGG0016
    public static double Workspace(ReadOnlySpan<double> w, [NoDiff] double[] scratch)
#pragma warning restore AGG0016
    {
        for (int i = 0; i < w.Length; i++)
        {
            scratch[i] = (w[i] * w[i]) + scratch[i];
        }

        double s = 0;
        for (int i = 0; i + 1 < w.Length; i++)
        {
            s += scratch[i] * scratch[i + 1];
        }

        return s;
    }

    /// <summary>Rounds of <see cref="Relax"/> on one state array, in a loop and once more after it, the state also read directly.</summary>
    [Differentiable]
    public static double RelaxRounds(double[] w, [NoDiff] double[] state, [NoDiff] int rounds)
    {
        double total = w[0] * state[0];
        for (int r = 0; r < rounds; r++)
        {
            total += Relax(w, state) * w[0];
        }

        double last = Relax(w, state);
        return total + (last * last) + (w[1] * state[1]);
    }

    /// <summary>The workspace filled with wᵢ² + 1, then handed to a [Differentiable] callee: ln Σ workᵢ · Σ workᵢ wᵢ.</summary>
    [Differentiable]
#pragma warning disable AGG0016 // a workspace no caller reads
    public static double WorkspaceThroughCallee(ReadOnlySpan<double> w, [NoDiff] double[] work)
#pragma warning restore AGG0016
    {
        for (int i = 0; i < w.Length; i++)
        {
            work[i] = (w[i] * w[i]) + 1;
        }

        return Math.Log(WeighSquares(work, work)) * WeighSquares(w, work);
    }

    /// <summary>y = 2c: a kernel, here called on constants only, so its pullback never runs.</summary>
    [Differentiable]
    public static void Twice(ReadOnlySpan<double> c, Span<double> y)
    {
        for (int i = 0; i < c.Length; i++)
        {
            y[i] = 2 * c[i];
        }
    }

    /// <summary>A kernel given only constants overwrites a [NoDiff] buffer the earlier sum read: Σ wᵢ bufᵢ + Σ wᵢ² (2cᵢ).</summary>
    [Differentiable]
    public static double ConstantKernelOverwrites(double[] w, [NoDiff] double[] c, [NoDiff] double[] buffer)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * buffer[i];
        }

        Twice(c, buffer);
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i] * buffer[i];
        }

        return s;
    }

    /// <summary>A kernel that counts its calls in a [NoDiff] array it reads and writes: y = x · calls₀ after calls₀ += 1.</summary>
    [Differentiable]
    public static void ScaleByCalls(ReadOnlySpan<double> x, [NoDiff] double[] calls, Span<double> y)
    {
        calls[0] += 1;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * calls[0];
        }
    }

    /// <summary>The counting kernel twice on one output: Σ yᵢ² after the first call, Σ yᵢ wᵢ after the second.</summary>
    [Differentiable]
    public static double ScaledTwice(double[] w, [NoDiff] double[] calls)
    {
        double[] y = new double[w.Length];
        ScaleByCalls(w, calls, y);
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += y[i] * y[i];
        }

        ScaleByCalls(w, calls, y);
        for (int i = 0; i < y.Length; i++)
        {
            s += y[i] * w[i];
        }

        return s;
    }

    /// <summary>A [Differentiable] callee that hands its [NoDiff] array on to a helper that halves it, then reads it: Σ wᵢ sin(xᵢ/2).</summary>
    [Differentiable]
    public static double HalveThenWeigh(ReadOnlySpan<double> w, [NoDiff] double[] x)
    {
        ArrayHelpers.Scale(x, 0.5);
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * Math.Sin(x[i]);
        }

        return s;
    }

    /// <summary>Two calls of <see cref="HalveThenWeigh"/>, the second on the array the first halved.</summary>
    [Differentiable]
    public static double HalvedTwice(double[] w, [NoDiff] double[] x)
    {
        double a = HalveThenWeigh(w, x);
        double b = HalveThenWeigh(w, x);
        return a * b;
    }

    /// <summary>
    /// A call in an if's condition halving the array the reverse of the loop before reads, and the
    /// branch reading it as halved: Σ wᵢ xᵢ + (Σ xᵢ > 1 ? w₀ x₁/2 : 0) on the original x.
    /// </summary>
    [Differentiable]
    public static double HalveInACondition(ReadOnlySpan<double> w, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * x[i] * w[i];
        }

        if (ArrayHelpers.HalveAndTest(x))
        {
            s += w[0] * x[1] * w[1];
        }

        return s;
    }

    /// <summary>
    /// <see cref="HalveInACondition"/> written as a conditional expression: the call in its condition,
    /// the branch reading x as halved — the lifted form is the if.
    /// </summary>
    [Differentiable]
    public static double HalveInAConditional(ReadOnlySpan<double> w, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * x[i] * w[i];
        }

        s = ArrayHelpers.HalveAndTest(x) ? s + w[0] * x[1] * w[1] : s;
        return s;
    }

    /// <summary>
    /// Calls in an if and its else-if, inside a loop: each round reads a local copy of x, halves it
    /// when its sum is above 1, and otherwise halves x itself when that sum is.
    /// </summary>
    [Differentiable]
    public static double HalveInConditionsInALoop(ReadOnlySpan<double> w, [NoDiff] double[] x, int rounds)
    {
        double[] local = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            local[i] = x[i];
        }

        double s = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                s += w[i] * local[i] * w[i];
            }

            if (ArrayHelpers.HalveAndTest(local))
            {
                s += w[0] * local[1] * w[1];
            }
            else if (ArrayHelpers.HalveAndTest(x))
            {
                s -= w[1] * x[0] * w[2];
            }
        }

        return s;
    }

    /// <summary>Σ wᵢ xᵢ² over a span.</summary>
    [Differentiable]
    public static double WeighSquares(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += w[i] * x[i] * x[i];
        }

        return s;
    }

    /// <summary>
    /// A slice whose length is a call (<c>Math.Min</c>) passed to a [Differentiable] callee, then the
    /// array scaled in place: the callee's pullback must see the slice's old values.
    /// </summary>
    [Differentiable]
    public static double SliceThenScale(double[] w, [NoDiff] double[] x, [NoDiff] int n)
    {
        double a = WeighSquares(w, x.AsSpan(0, Math.Min(n, x.Length)));
        ArrayHelpers.Scale(x, 2.0);
        return a * WeighSquares(w, x);
    }
}

/// <summary>Helpers the generator cannot see into, each changing the array it is given.</summary>
public static class ArrayHelpers
{
    public static void Scale(Span<double> values, double factor)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    public static double Normalize(double[] values)
    {
        double norm = 0;
        foreach (double value in values)
        {
            norm += value * value;
        }

        norm = Math.Sqrt(norm);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] /= norm;
        }

        return norm;
    }

    /// <summary>Halves every element; true when their sum was above 1.</summary>
    public static bool HalveAndTest(double[] values)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            values[i] *= 0.5;
        }

        return sum > 1;
    }

    public static void Rotate(double[] values)
    {
        double first = values[0];
        Array.Copy(values, 1, values, 0, values.Length - 1);
        values[^1] = first;
    }
}
