using System;

namespace AutoGradGen.Tests.Support;

/// <summary>
/// Packs several parameters (scalars, arrays, jagged arrays) into the single point vector that
/// <see cref="GradientAssert"/> differentiates, in the order given; <see cref="Unpack{T}"/> reads
/// them back in the same order. Packing the gradient buffers the same way lines them up with the point.
/// </summary>
/// <example>
/// <code>
/// double[] point = Pack.Of(w, bias, centers);
/// GradientAssert.Matches(
///     p => { var u = new Unpack&lt;double&gt;(p); return M(u.Next(w), u.Scalar(), u.Next(centers)); },
///     point, value, Pack.Of(wGrad, biasGrad, centersGrad));
/// </code>
/// </example>
public static class Pack
{
    /// <summary>Concatenates the parts; each is a <c>double</c>, a <c>double[]</c> or a jagged <c>double[][]</c> (row by row).</summary>
    public static double[] Of(params object[] parts) => Flatten<double>(parts);

    /// <summary>The float counterpart of <see cref="Of"/>.</summary>
    public static float[] OfFloats(params object[] parts) => Flatten<float>(parts);

    private static T[] Flatten<T>(object[] parts)
    {
        var values = new System.Collections.Generic.List<T>();
        foreach (object part in parts)
        {
            switch (part)
            {
                case T scalar:
                    values.Add(scalar);
                    break;
                case T[] array:
                    values.AddRange(array);
                    break;
                case T[][] jagged:
                    foreach (T[] row in jagged)
                    {
                        values.AddRange(row);
                    }

                    break;
                default:
                    throw new ArgumentException($"Cannot pack a {part?.GetType().Name ?? "null"} as {typeof(T).Name} values.", nameof(parts));
            }
        }

        return values.ToArray();
    }
}

/// <summary>Reads the parts of a point packed by <see cref="Pack"/> back, in packing order (fresh arrays each time).</summary>
public sealed class Unpack<T>
{
    private readonly T[] point;
    private int next;

    public Unpack(T[] point) => this.point = point;

    /// <summary>The next scalar.</summary>
    public T Scalar() => point[next++];

    /// <summary>The next array, as long as <paramref name="like"/>.</summary>
    public T[] Next(T[] like)
    {
        T[] array = point.AsSpan(next, like.Length).ToArray();
        next += like.Length;
        return array;
    }

    /// <summary>The next jagged array, shaped like <paramref name="like"/>.</summary>
    public T[][] Next(T[][] like) => Array.ConvertAll(like, Next);
}

/// <summary>Seeded random test points, so that every run checks the same points.</summary>
public static class RandomPoints
{
    /// <summary><paramref name="length"/> values uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double[] Uniform(Random random, int length, double low, double high)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = low + ((high - low) * random.NextDouble());
        }

        return values;
    }

    /// <summary>A <paramref name="rows"/> × <paramref name="columns"/> jagged array of uniform values.</summary>
    public static double[][] Uniform(Random random, int rows, int columns, double low, double high)
    {
        var values = new double[rows][];
        for (int r = 0; r < rows; r++)
        {
            values[r] = Uniform(random, columns, low, high);
        }

        return values;
    }

    /// <summary>Uniform values in single precision.</summary>
    public static float[] UniformFloats(Random random, int length, float low, float high)
        => Array.ConvertAll(Uniform(random, length, low, high), v => (float)v);

    /// <summary><paramref name="length"/> integers uniform in [0, <paramref name="count"/>).</summary>
    public static int[] Indices(Random random, int length, int count)
    {
        var values = new int[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(count);
        }

        return values;
    }

    /// <summary>Zeroed arrays of the same shape as <paramref name="like"/> (gradient buffers).</summary>
    public static double[][] ZerosLike(double[][] like) => Array.ConvertAll(like, row => new double[row.Length]);
}
