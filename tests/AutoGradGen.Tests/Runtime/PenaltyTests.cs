using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests.Runtime;

/// <summary>The weight penalties: values and generated gradients by their formulas and by central differences.</summary>
public class PenaltyTests
{
    private static readonly double[] Weights = { 0.5, -1.25, 2.0, 0.0, -0.1 };

    [Fact]
    public void L2_is_half_lambda_times_the_squared_norm_with_gradient_lambda_w()
    {
        double[] g = new double[Weights.Length];
        double value = Penalty.L2Gradient(Weights, 0.3, g);
        Assert.Equal(0.5 * 0.3 * (0.25 + 1.5625 + 4 + 0 + 0.01), value, 14);
        for (int i = 0; i < Weights.Length; i++)
        {
            Assert.Equal(0.3 * Weights[i], g[i], 14);
        }

        GradientAssert.Matches(p => Penalty.L2(p, 0.3), Weights, value, g);
    }

    [Fact]
    public void L1_is_lambda_times_the_absolute_sum_with_gradient_lambda_sign()
    {
        double[] g = new double[Weights.Length];
        double value = Penalty.L1Gradient(Weights, 0.3, g);
        Assert.Equal(0.3 * (0.5 + 1.25 + 2.0 + 0 + 0.1), value, 14);
        Assert.Equal(new[] { 0.3, -0.3, 0.3, 0.0, -0.3 }, g);
    }
}
