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

    [Fact]
    public void A_generic_registration_at_double_float_and_a_generic_caller()
    {
        double[] a = { 0.5, -0.25, 1.5 }, b = { 1.0, 2.0, -0.5 };
        double[] ga = new double[3], gb = new double[3];
        double value = CustomDerivatives.SquaresScoreGradient(a, b, ga, gb);
        double[] point = { a[0], a[1], a[2], b[0], b[1], b[2] };
        GradientAssert.Matches(p => CustomDerivatives.SquaresScore(p[..3], p[3..]), point, value, ga[0], ga[1], ga[2], gb[0], gb[1], gb[2]);

        double[] g = new double[3];
        value = CustomDerivatives.SquaresScoreGenericGradient(a, b, g);
        GradientAssert.Matches(p => CustomDerivatives.SquaresScoreGeneric(p, b), a, value, g);

        float[] af = { 0.5f, -0.25f, 1.5f }, bf = { 1.0f, 2.0f, -0.5f };
        float[] gf = new float[3];
        float single = CustomDerivatives.SquaresScoreSingleGradient(af, bf, gf);
        GradientAssert.Matches(p => CustomDerivatives.SquaresScoreSingle(p, bf), af, single, gf);
    }
}
