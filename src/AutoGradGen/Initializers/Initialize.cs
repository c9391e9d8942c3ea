using System;
using System.Numerics;

namespace AutoGradGen;

/// <summary>
/// Weight initializers, as <c>torch.nn.init</c>: every random one takes a seed and is deterministic.
/// Fan-in and fan-out are those of a dense layer's <c>outputs × inputs</c> weight matrix.
/// </summary>
public static class Initialize
{
    /// <summary>All values 0.</summary>
    public static void Zeros<T>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => values.Clear();

    /// <summary>All values <paramref name="value"/>.</summary>
    public static void Constant<T>(Span<T> values, double value)
        where T : unmanaged, IFloatingPointIeee754<T> => values.Fill(T.CreateTruncating(value));

    /// <summary>Independent draws from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="high"/> &lt; <paramref name="low"/>.</exception>
    public static void Uniform<T>(Span<T> values, double low, double high, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(high >= low) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"The range [{low}, {high}] must be finite and non-empty.");
        }

        var random = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(low + ((high - low) * random.NextDouble()));
        }
    }

    /// <summary>Independent draws from N(<paramref name="mean"/>, <paramref name="std"/>²) (Box–Muller on a seeded generator).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or not finite.</exception>
    public static void Normal<T>(Span<T> values, double std, int seed, double mean = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(std >= 0) || !double.IsFinite(std))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "The standard deviation must be finite and ≥ 0.");
        }

        var random = new Random(seed);
        for (int i = 0; i < values.Length; i += 2)
        {
            // Box–Muller: two independent standard normals from two uniforms in (0, 1].
            double u1 = 1 - random.NextDouble();
            double u2 = random.NextDouble();
            double radius = Math.Sqrt(-2 * Math.Log(u1));
            values[i] = T.CreateTruncating(mean + (std * radius * Math.Cos(2 * Math.PI * u2)));
            if (i + 1 < values.Length)
            {
                values[i + 1] = T.CreateTruncating(mean + (std * radius * Math.Sin(2 * Math.PI * u2)));
            }
        }
    }

    /// <summary>Xavier/Glorot normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)) — for tanh and sigmoid layers.</summary>
    public static void XavierNormal<T>(Span<T> values, int fanIn, int fanOut, int seed, double gain = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Normal(values, gain * Math.Sqrt(2.0 / CheckFans(fanIn, fanOut)), seed);

    /// <summary>Xavier/Glorot uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)).</summary>
    public static void XavierUniform<T>(Span<T> values, int fanIn, int fanOut, int seed, double gain = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double bound = gain * Math.Sqrt(6.0 / CheckFans(fanIn, fanOut));
        Uniform(values, -bound, bound, seed);
    }

    /// <summary>He/Kaiming normal (fan-in mode): N(0, σ²) with σ = gain / √fanIn, gain = √2 for ReLU layers.</summary>
    public static void HeNormal<T>(Span<T> values, int fanIn, int seed, double gain = 1.4142135623730951)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Normal(values, gain / Math.Sqrt(CheckFans(fanIn, 0)), seed);

    /// <summary>He/Kaiming uniform (fan-in mode): U(−a, a) with a = gain·√(3 / fanIn), gain = √2 for ReLU layers.</summary>
    public static void HeUniform<T>(Span<T> values, int fanIn, int seed, double gain = 1.4142135623730951)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double bound = gain * Math.Sqrt(3.0 / CheckFans(fanIn, 0));
        Uniform(values, -bound, bound, seed);
    }

    /// <summary>
    /// PyTorch's default for <c>nn.Linear</c>: weights and biases from U(−1/√fanIn, 1/√fanIn)
    /// (its Kaiming-uniform with a = √5 reduces to this bound).
    /// </summary>
    public static void DenseDefault<T>(Span<T> values, int fanIn, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double bound = 1 / Math.Sqrt(CheckFans(fanIn, 0));
        Uniform(values, -bound, bound, seed);
    }

    private static int CheckFans(int fanIn, int fanOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fanOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn + fanOut, 1, nameof(fanIn));
        if (fanIn < 1 && fanOut == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fanIn), fanIn, "fanIn must be at least 1.");
        }

        return fanIn + fanOut;
    }
}
