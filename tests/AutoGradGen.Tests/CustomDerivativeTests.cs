using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

/// <summary>Calls to external methods chained through user-registered [DerivativeOf] pullbacks.</summary>
public class CustomDerivativeTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void Score_through_registered_dot_and_logistic(double bias)
    {
        double[] w = { 0.5, -0.25, 1.5 }, x = { 1.0, 2.0, -0.5 };
        double[] gw = new double[3], gx = new double[3];
        double value = CustomDerivatives.ScoreGradient(w, x, bias, gw, gx, out double gb);
        double[] point = { w[0], w[1], w[2], x[0], x[1], x[2], bias };
        GradientAssert.Matches(
            p => CustomDerivatives.Score(p[..3], p[3..6], p[6]),
            point,
            value,
            gw[0], gw[1], gw[2], gx[0], gx[1], gx[2], gb);
    }

    [Fact]
    public void Registered_pullbacks_inside_a_loop_with_slices()
    {
        double[] w = { 0.5, -0.25, 1.5, 0.1, -0.7, 0.9 }, x = { 1.0, 2.0, -0.5, 0.3, 0.2, -1.0 };
        double[] g = new double[6];
        double value = CustomDerivatives.BlockScoresGradient(w, x, 2, g);
        GradientAssert.Matches(p => CustomDerivatives.BlockScores(p, x, 2), w, value, g);
    }
}
