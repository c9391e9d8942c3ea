using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Span and array locals that name an existing array or part of one (views):
/// <c>ReadOnlySpan&lt;double&gt; point = x.AsSpan(p * d, d)</c>, <c>double[] center = centers[c]</c>,
/// <c>Span&lt;double&gt; row = state.AsSpan(t % 2 * n, n)</c>: read, written, passed on, looped over,
/// sliced again, declared inside loops with bounds that change every iteration.
/// </summary>
public static partial class SpanViews
{
    /// <summary>yᵢ = tanh(xᵢ)·scale: a kernel whose output the caller passes as a view.</summary>
    [Differentiable]
    public static void TanhScaled(ReadOnlySpan<double> x, double scale, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Tanh(x[i]) * scale;
        }
    }

    /// <summary>
    /// A GMM-shaped log-likelihood written with views: per point p and component c,
    /// mₖ = −½ Σⱼ (exp(qₖⱼ)(xₚⱼ − μₖⱼ))², summed over points as logsumexpₖ mₖ; means and log-scales
    /// of k components in d dimensions packed in <paramref name="parameters"/> (means first).
    /// </summary>
    [Differentiable]
    public static double MixtureWithViews(double[] parameters, [NoDiff] double[] x, [NoDiff] int d, [NoDiff] int k)
    {
        ReadOnlySpan<double> means = parameters.AsSpan(0, k * d);
        ReadOnlySpan<double> logScales = parameters.AsSpan(k * d);
        double[] terms = new double[k];
        double total = 0;
        for (int p = 0; p < x.Length / d; p++)
        {
            ReadOnlySpan<double> point = x.AsSpan(p * d, d);
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> mu = means.Slice(c * d, d);
                ReadOnlySpan<double> q = logScales.Slice(c * d, d);
                double squared = 0;
                for (int j = 0; j < d; j++)
                {
                    double scaled = Math.Exp(q[j]) * (point[j] - mu[j]);
                    squared += scaled * scaled;
                }

                terms[c] = -0.5 * squared;
            }

            double max = terms[0];
            for (int c = 1; c < k; c++)
            {
                max = Math.Max(max, terms[c]);
            }

            double sum = 0;
            foreach (double term in terms)
            {
                sum += Math.Exp(term - max);
            }

            total += Math.Log(sum) + max;
        }

        return total;
    }

    /// <summary>k-means cost Σₚ minₖ ‖xₚ − cₖ‖² over jagged rows taken into locals.</summary>
    [Differentiable]
    public static double KMeansWithRows(double[][] centers, [NoDiff] double[][] points)
    {
        double cost = 0;
        for (int p = 0; p < points.Length; p++)
        {
            double[] point = points[p];
            double best = double.PositiveInfinity;
            for (int c = 0; c < centers.Length; c++)
            {
                double[] center = centers[c];
                double distance = 0;
                for (int j = 0; j < point.Length; j++)
                {
                    double difference = point[j] - center[j];
                    distance += difference * difference;
                }

                best = Math.Min(best, distance);
            }

            cost += best;
        }

        return cost;
    }

    /// <summary>
    /// Two halves of one local array written through views: first = tanh(W₀·x), second = first ⊙ w₁
    /// updated in place, then a dot product of the halves through a callee.
    /// </summary>
    [Differentiable]
    public static double HalvesWrittenThroughViews(double[] w, [NoDiff] double[] input)
    {
        int n = input.Length;
        double[] hidden = new double[2 * n];
        Span<double> first = hidden.AsSpan(0, n);
        Span<double> second = hidden.AsSpan(n, n);
        for (int i = 0; i < n; i++)
        {
            first[i] = Math.Tanh(w[i] * input[i] + w[n]);
            second[i] = first[i];
            second[i] *= w[n + 1] + first[(i + 1) % n];
        }

        return ArraysCalls.Dot(first, second) + hidden[0] * hidden[2 * n - 1];
    }

    /// <summary>A kernel writing into a view of a local array; the rest of the array read after.</summary>
    [Differentiable]
    public static double KernelIntoAView(double[] w)
    {
        double[] buffer = new double[w.Length + 2];
        Span<double> middle = buffer.AsSpan(1, w.Length);
        TanhScaled(w, w[0], middle);
        double s = 0;
        foreach (double v in buffer)
        {
            s += v * v;
        }

        return s + middle[0] * w[1];
    }

    /// <summary>y is x under another name: y₀ = x₁x₂ written through it, then x₀y₀ + y₁ = (x₁x₂)² + x₁.</summary>
    [Differentiable]
    public static double ParameterWrittenThroughAnotherName(double[] x)
    {
        double[] y = x;
        y[0] = x[1] * x[2];
        return x[0] * y[0] + y[1];
    }

    /// <summary>The whole array under another name, its length, and a loop over a view to the end.</summary>
    [Differentiable]
    public static double WholeArrayAndTails(double[] w)
    {
        ReadOnlySpan<double> all = w;
        double[] same = w;
        double s = 0;
        for (int start = 0; start < all.Length; start++)
        {
            ReadOnlySpan<double> rest = all.Slice(start);
            foreach (double v in rest)
            {
                s += v * rest[0] * same[start];
            }
        }

        return s;
    }

    /// <summary>
    /// A recurrence over two rows of a state array, the row chosen each step (t mod 2): each step
    /// overwrites one row from the other, so the reverse sweep needs each step's bounds and old values.
    /// </summary>
    [Differentiable]
    public static double RowsOverwrittenInTurn(double[] w, [NoDiff] int steps)
    {
        int n = w.Length;
        double[] state = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            state[i] = w[i];
        }

        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<double> from = state.AsSpan(t % 2 * n, n);
            Span<double> to = state.AsSpan((t + 1) % 2 * n, n);
            for (int i = 0; i < n; i++)
            {
                to[i] = Math.Sin(from[i] * w[(i + t) % n]) + 0.5 * from[(i + 1) % n];
            }
        }

        double s = 0;
        for (int i = 0; i < state.Length; i++)
        {
            s += state[i] * state[i];
        }

        return s;
    }

    /// <summary>A view of a view, written; and a view whose start a sampler draws (computed once).</summary>
    [Differentiable]
    public static double ViewsOfViewsAndDrawnStarts(double[] w, [NoDiff] int[] cursor)
    {
        double[] u = new double[6];
        for (int i = 0; i < u.Length; i++)
        {
            u[i] = w[i % w.Length] * (i + 1);
        }

        Span<double> middle = u.AsSpan(1, 4);
        Span<double> inner = middle.Slice(1, 2);
        inner[0] = inner[1] * middle[0];
        inner[1] *= w[0];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            ReadOnlySpan<double> drawn = u.AsSpan(SliceElements.Next(cursor), 3);
            s += drawn[0] * drawn[2] + drawn.Length * drawn[1];
        }

        return s;
    }

    /// <summary>Float: a view per row of a packed matrix, dotted with a weight view through the callee-free loop.</summary>
    [Differentiable]
    public static float RowsOfAPackedMatrix(float[] weights, [NoDiff] float[] matrix, [NoDiff] int columns)
    {
        ReadOnlySpan<float> head = weights.AsSpan(0, columns);
        float s = 0;
        for (int r = 0; r < matrix.Length / columns; r++)
        {
            ReadOnlySpan<float> row = matrix.AsSpan(r * columns, columns);
            float dot = 0;
            for (int j = 0; j < columns; j++)
            {
                dot += row[j] * head[j];
            }

            s += MathF.Log(1 + MathF.Exp(-dot * weights[columns]));
        }

        return s;
    }

    /// <summary>Views whose row and bounds a sampler draws, one inside another: each drawn once, at the declaration.</summary>
    [Differentiable]
    public static double DrawnViewsInsideViews(double[][] rows, [NoDiff] int[] cursor)
    {
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            double[] row = rows[SliceElements.Next(cursor)];
            ReadOnlySpan<double> pair = row.AsSpan(SliceElements.Next(cursor), 2).Slice(SliceElements.Next(cursor), 1);
            s += pair[0] * row[2] + pair.Length * row[0];
        }

        return s;
    }

    /// <summary>
    /// Rows of a local copy normalized in place through views (a callee that changes the array it is
    /// given), each norm weighting the normalized row's first entry; the changed copy read at the end.
    /// </summary>
    [Differentiable]
    public static double RowsNormalizedThroughViews(double[] w, [NoDiff] int d)
    {
        double[] u = new double[w.Length];
        for (int i = 0; i < u.Length; i++)
        {
            u[i] = w[i];
        }

        double s = 0;
        for (int r = 0; r < w.Length / d; r++)
        {
            Span<double> row = u.AsSpan(r * d, d);
            double norm = CalleesChangingArrays.NormalizeInPlace(row);
            s += norm * row[0];
        }

        return s + u[u.Length - 1] * u[0];
    }

    /// <summary>A view of the first n − 1 entries after the first (a length written as a difference): Σ wᵢ² over them.</summary>
    [Differentiable]
    public static double PartialTail(double[] w, [NoDiff] int n)
    {
        ReadOnlySpan<double> rest = w.AsSpan(1, n - 1);
        double s = 0;
        foreach (double v in rest)
        {
            s += v * v * w[0];
        }

        return s;
    }

    /// <summary>A kernel from one half of a local array into the other, both halves views: apart, so allowed.</summary>
    [Differentiable]
    public static double KernelBetweenHalves(double[] w)
    {
        double[] u = new double[2 * w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            u[i] = w[i] * w[i];
        }

        ReadOnlySpan<double> low = u.AsSpan(0, w.Length);
        Span<double> high = u.AsSpan(w.Length, w.Length);
        TanhScaled(low, w[0], high);
        return u[2 * w.Length - 1] + high[0] * low[1];
    }

    /// <summary>foreach over the rows of a jagged array: each row a view, read and written.</summary>
    [Differentiable]
    public static double ForeachOverRows(double[][] rows, [NoDiff] double[] scale)
    {
        double[][] unused = rows;
        double s = 0;
        foreach (double[] row in rows)
        {
            for (int j = 0; j < row.Length; j++)
            {
                s += row[j] * row[j] * scale[j];
            }
        }

        return s * unused.Length;
    }
}
