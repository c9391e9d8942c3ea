using System;
using System.Globalization;

namespace AutoGradGen.Tests.Support;

/// <summary>Assertions comparing a generated gradient with the numerical reference.</summary>
public static class GradientAssert
{
    /// <summary>Double tolerance: |analytic − numeric| ≤ 1e-7 · max(1, |numeric|).</summary>
    public const double DoubleTolerance = 1e-7;

    /// <summary>Float tolerance: |analytic − numeric| ≤ 2e-3 · max(1, |numeric|).</summary>
    public const float FloatTolerance = 2e-3f;

    /// <summary>Checks the analytic gradient and value against <paramref name="f"/> at <paramref name="point"/>.</summary>
    public static void Matches(Func<double[], double> f, double[] point, double value, params double[] analytic)
    {
        Assert.Equal(point.Length, analytic.Length);
        double expectedValue = f(point);
        Assert.True(
            SameValue(expectedValue, value),
            $"Gradient method returned value {value.ToString("R", CultureInfo.InvariantCulture)}, the function {expectedValue.ToString("R", CultureInfo.InvariantCulture)} at {Describe(point)}");
        double[] numeric = CentralDifference.Gradient(f, point);
        for (int i = 0; i < point.Length; i++)
        {
            double error = Math.Abs(analytic[i] - numeric[i]);
            Assert.True(
                error <= DoubleTolerance * Math.Max(1.0, Math.Abs(numeric[i])),
                $"d/dx[{i}] at {Describe(point)}: analytic {analytic[i]:R}, numeric {numeric[i]:R}, error {error:E2}");
        }
    }

    /// <summary>The float counterpart, at float tolerance.</summary>
    public static void Matches(Func<float[], float> f, float[] point, float value, params float[] analytic)
    {
        Assert.Equal(point.Length, analytic.Length);
        float expectedValue = f(point);
        Assert.True(SameValue(expectedValue, value), $"Gradient method returned value {value:R}, the function {expectedValue:R}");
        float[] numeric = CentralDifference.Gradient(f, point);
        for (int i = 0; i < point.Length; i++)
        {
            float error = Math.Abs(analytic[i] - numeric[i]);
            Assert.True(
                error <= FloatTolerance * Math.Max(1f, Math.Abs(numeric[i])),
                $"d/dx[{i}] at [{string.Join(", ", point)}]: analytic {analytic[i]:R}, numeric {numeric[i]:R}, error {error:E2}");
        }
    }

    private static bool SameValue(double expected, double actual)
        => expected.Equals(actual) || Math.Abs(expected - actual) <= 1e-15 * Math.Max(1, Math.Abs(expected));

    private static string Describe(double[] point)
        => "[" + string.Join(", ", Array.ConvertAll(point, p => p.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
