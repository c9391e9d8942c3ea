using System;
using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>
/// Void kernels' pullbacks: for a random output adjoint ȳ, the pullback's input adjoints must equal
/// the gradient of the scalar ȳ·F(inputs), checked against central differences; outputs' adjoints
/// must come back as the adjoint of their value before the call.
/// </summary>
public class KernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Affine_pullback_is_the_transposed_Jacobian_times_the_output_adjoint(int seed)
    {
        var random = new Random(seed);
        double[] w = Values(random, 12), b = Values(random, 3), x = Values(random, 4), ybar = Values(random, 3);
        double Scalar(double[] p)
        {
            var y = new double[3];
            Kernels.Affine(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15, 4), y);
            return Dot(y, ybar);
        }

        double[] wbar = new double[12], bbar = new double[3], xbar = new double[4], yAdjoint = (double[])ybar.Clone();
        Kernels.AffinePullback(w, b, x, new double[3], wbar, bbar, xbar, yAdjoint);
        double[] point = Concat(w, b, x);
        GradientAssert.Matches(Scalar, point, Scalar(point), Concat(wbar, bbar, xbar));
        Assert.All(yAdjoint, v => Assert.Equal(0.0, v)); // a pure output: its old value did not matter
    }

    [Fact]
    public void In_place_kernel_returns_the_adjoint_of_the_value_before_the_call()
    {
        var random = new Random(3);
        double[] y0 = Values(random, 5), ybar = Values(random, 5);
        double alpha = 0.7;
        double Scalar(double[] p)
        {
            double[] y = p[..5];
            Kernels.ScaledTanhInPlace(y, p[5]);
            return Dot(y, ybar);
        }

        double[] y = (double[])y0.Clone();
        double[] yAdjoint = (double[])ybar.Clone();
        double alphaAdjoint = 0.25; // accumulated into
        Kernels.ScaledTanhInPlacePullback(y, alpha, yAdjoint, ref alphaAdjoint);
        double[] point = Concat(y0, new[] { alpha });
        GradientAssert.Matches(Scalar, point, Scalar(point), Concat(yAdjoint, new[] { alphaAdjoint - 0.25 }));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Two_outputs_of_mixed_precision(int seed)
    {
        var random = new Random(seed);
        double[] x = Values(random, 6), abar = Values(random, 6);
        float[] sbar = Array.ConvertAll(Values(random, 6), v => (float)v);
        double Scalar(double[] p)
        {
            var activated = new double[6];
            var squared = new float[6];
            Kernels.LeakyReluAndSquare(p, 0.1, activated, squared);
            double total = Dot(activated, abar);
            for (int i = 0; i < 6; i++)
            {
                total += squared[i] * (double)sbar[i];
            }

            return total;
        }

        double[] xbar = new double[6];
        Kernels.LeakyReluAndSquarePullback(x, 0.1, new double[6], new float[6], xbar, (double[])abar.Clone(), (float[])sbar.Clone());
        // The float output is rounded to ~1e-7 relative, which central differences amplify to ~1e-5.
        double[] numeric = CentralDifference.Gradient(Scalar, x);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(Math.Abs(xbar[i] - numeric[i]) <= 1e-4 * Math.Max(1, Math.Abs(numeric[i])), $"x[{i}]: {xbar[i]} vs {numeric[i]}");
        }
    }

    [Fact]
    public void Output_adjoint_of_the_wrong_length_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Kernels.AffinePullback(new double[6], new double[3], new double[2], new double[3], new double[6], new double[3], new double[2], new double[2]));
        Assert.Contains("yAdjoint", error.Message);
    }

    private static double[] Values(Random random, int n)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = (random.NextDouble() * 2) - 1;
        }

        return values;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double[] Concat(params double[][] parts)
    {
        int n = 0;
        foreach (double[] part in parts)
        {
            n += part.Length;
        }

        var result = new double[n];
        int offset = 0;
        foreach (double[] part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }
}

/// <summary>Kernels called from differentiable code, chained through their pullbacks.</summary>
public class KernelCallTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Two_layer_loss_through_kernels(int seed)
    {
        var random = new Random(seed);
        double[] w1 = Values(random, 12), b1 = Values(random, 3), w2 = Values(random, 6), b2 = Values(random, 2);
        double[] x = Values(random, 4), target = Values(random, 2);
        double[] gw1 = new double[12], gb1 = new double[3], gw2 = new double[6], gb2 = new double[2];
        double value = KernelCalls.TwoLayerLossGradient(w1, b1, w2, b2, x, target, gw1, gb1, gw2, gb2);
        double[] point = Pack.Of(w1, b1, w2, b2);
        GradientAssert.Matches(
            p =>
            {
                var u = new Unpack<double>(p);
                return KernelCalls.TwoLayerLoss(u.Next(w1), u.Next(b1), u.Next(w2), u.Next(b2), x, target);
            },
            point,
            value,
            Pack.Of(gw1, gb1, gw2, gb2));
    }

    [Fact]
    public void Midpoint_steps_with_a_kernel_in_a_loop()
    {
        var random = new Random(13);
        double[] rates = Array.ConvertAll(Values(random, 5), v => 1 + v), initial = Values(random, 5);
        double[] gr = new double[5], gi = new double[5];
        double value = KernelCalls.MidpointStepsGradient(rates, initial, 8, 0.05, gr, gi);
        GradientAssert.Matches(
            p => KernelCalls.MidpointSteps(p[..5], p[5..], 8, 0.05),
            Pack.Of(rates, initial),
            value,
            Pack.Of(gr, gi));
    }

    private static double[] Values(Random random, int n)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = (random.NextDouble() * 2) - 1;
        }

        return values;
    }
}
