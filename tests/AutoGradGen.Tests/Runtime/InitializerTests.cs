using System;
using System.Linq;

namespace AutoGradGen.Tests.Runtime;

/// <summary>Initializers: the statistics of large draws, determinism per seed, argument checks.</summary>
public class InitializerTests
{
    private const int N = 200_000;

    [Theory]
    [InlineData(0.01)]
    [InlineData(2.5)]
    public void Normal_has_the_requested_mean_and_standard_deviation(double std)
    {
        double[] values = new double[N];
        Initialize.Normal<double>(values, std, seed: 1, mean: 0.5);
        (double mean, double sd) = Moments(values);
        Assert.Equal(0.5, mean, 4 * std / Math.Sqrt(N) + 1e-12);
        Assert.Equal(std, sd, std * 0.01);
    }

    [Fact]
    public void Xavier_and_He_use_their_fans()
    {
        double[] values = new double[N];
        Initialize.XavierNormal<double>(values, fanIn: 300, fanOut: 100, seed: 2);
        Assert.Equal(Math.Sqrt(2.0 / 400), Moments(values).Std, 1e-3 * Math.Sqrt(2.0 / 400) * 10);

        Initialize.HeNormal<double>(values, fanIn: 784, seed: 3);
        Assert.Equal(Math.Sqrt(2.0 / 784), Moments(values).Std, 1e-2 * Math.Sqrt(2.0 / 784));

        Initialize.XavierUniform<double>(values, fanIn: 300, fanOut: 100, seed: 4);
        double bound = Math.Sqrt(6.0 / 400);
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.Equal(bound / Math.Sqrt(3), Moments(values).Std, 1e-2 * bound);

        Initialize.HeUniform<double>(values, fanIn: 50, seed: 5);
        Assert.All(values, v => Assert.InRange(v, -Math.Sqrt(6.0 / 50), Math.Sqrt(6.0 / 50)));

        Initialize.DenseDefault<double>(values, fanIn: 100, seed: 6);
        Assert.All(values, v => Assert.InRange(v, -0.1, 0.1));
        Assert.Equal(0.0, Moments(values).Mean, 1e-3);
    }

    [Fact]
    public void The_same_seed_gives_the_same_values_in_float_and_double()
    {
        float[] a = new float[1001], b = new float[1001];
        double[] c = new double[1001];
        Initialize.Normal<float>(a, 1.0, seed: 42);
        Initialize.Normal<float>(b, 1.0, seed: 42);
        Initialize.Normal<double>(c, 1.0, seed: 42);
        Assert.Equal(a, b);
        Assert.All(Enumerable.Range(0, a.Length), i => Assert.Equal((float)c[i], a[i]));
        Initialize.Normal<float>(b, 1.0, seed: 43);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Zeros_and_constant()
    {
        double[] values = { 1, 2, 3 };
        Initialize.Constant<double>(values, 0.25);
        Assert.All(values, v => Assert.Equal(0.25, v));
        Initialize.Zeros<double>(values);
        Assert.All(values, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        double[] values = new double[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Initialize.Normal<double>(values, -1, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initialize.Uniform<double>(values, 1, 0, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initialize.HeNormal<double>(values, fanIn: 0, seed: 1));
    }

    private static (double Mean, double Std) Moments(double[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance));
    }
}
