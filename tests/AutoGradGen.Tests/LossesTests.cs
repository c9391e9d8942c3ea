using AutoGradGen.Tests.Corpus;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests;

public class LossesTests
{
    [Theory]
    [InlineData(1.5, 0.3)]
    [InlineData(-0.2, 0.8)]
    public void SquaredError(double prediction, double target)
    {
        double value = Losses.SquaredErrorGradient(prediction, target, out double dp, out double dt);
        GradientAssert.Matches(p => Losses.SquaredError(p[0], p[1]), new[] { prediction, target }, value, dp, dt);
    }

    /// <summary>Inside the quadratic zone (positive and negative residual) and on both linear arms.</summary>
    [Theory]
    [InlineData(0.5, 0.2, 1.0)]
    [InlineData(0.3, 0.6, 1.0)]
    [InlineData(3.0, 0.5, 1.0)]
    [InlineData(-2.0, 0.5, 1.0)]
    public void Huber(double prediction, double target, double delta)
    {
        double value = Losses.HuberGradient(prediction, target, delta, out double dp, out double dt);
        GradientAssert.Matches(p => Losses.Huber(p[0], p[1], delta), new[] { prediction, target }, value, dp, dt);
    }

    [Theory]
    [InlineData(1.2, 0.3)]
    [InlineData(-0.5, 0.7)]
    [InlineData(3.0, -1.0)]
    public void LogCosh(double prediction, double target)
    {
        double value = Losses.LogCoshGradient(prediction, target, out double dp, out double dt);
        GradientAssert.Matches(p => Losses.LogCosh(p[0], p[1]), new[] { prediction, target }, value, dp, dt);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(4.0)]
    public void Softplus(double x)
    {
        double value = Losses.SoftplusGradient(x, out double dx);
        GradientAssert.Matches(p => Losses.Softplus(p[0]), new[] { x }, value, dx);
    }

    /// <summary>Both signs of the logit, and the logit 0 where the Max and Abs kinks cancel (derivative σ(0) − y).</summary>
    [Theory]
    [InlineData(-2.0, 1.0)]
    [InlineData(1.5, 0.0)]
    [InlineData(0.7, 0.3)]
    [InlineData(-0.4, 0.0)]
    [InlineData(0.0, 1.0)]
    public void BinaryCrossEntropyWithLogit(double logit, double label)
    {
        double value = Losses.BinaryCrossEntropyWithLogitGradient(logit, label, out double dz);
        GradientAssert.Matches(p => Losses.BinaryCrossEntropyWithLogit(p[0], label), new[] { logit }, value, dz);
    }

    [Theory]
    [InlineData(-2.0, 1.0)]
    [InlineData(1.5, 0.0)]
    [InlineData(0.7, 0.3)]
    [InlineData(-0.4, 0.0)]
    public void BinaryCrossEntropyViaSigmoid(double logit, double label)
    {
        double value = Losses.BinaryCrossEntropyViaSigmoidGradient(logit, label, out double dz);
        GradientAssert.Matches(p => Losses.BinaryCrossEntropyViaSigmoid(p[0], label), new[] { logit }, value, dz);
    }

    /// <summary>Every label, the max in every position, and a tie for the max (the shift cancels, so the loss is smooth there).</summary>
    [Theory]
    [InlineData(1.0, 0.5, -0.3, 0)]
    [InlineData(0.2, 1.5, -1.0, 2)]
    [InlineData(-0.5, 0.1, 2.0, 1)]
    [InlineData(0.4, 0.4, -1.0, 0)]
    public void SoftmaxCrossEntropy3(double s0, double s1, double s2, int label)
    {
        double value = Losses.SoftmaxCrossEntropy3Gradient(s0, s1, s2, label, out double d0, out double d1, out double d2);
        GradientAssert.Matches(p => Losses.SoftmaxCrossEntropy3(p[0], p[1], p[2], label), new[] { s0, s1, s2 }, value, d0, d1, d2);
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(-0.5, 1.0)]
    [InlineData(0.4, 1.0)]
    [InlineData(0.3, -1.0)]
    [InlineData(-0.6, -1.0)]
    public void SmoothHinge(double score, double label)
    {
        double value = Losses.SmoothHingeGradient(score, label, out double ds);
        GradientAssert.Matches(p => Losses.SmoothHinge(p[0], label), new[] { score }, value, ds);
    }

    [Theory]
    [InlineData(0.5, 0.1, -0.3)]
    [InlineData(2.0, -1.0, 0.5)]
    [InlineData(-1.0, 0.0, 1.2)]
    public void GaussianNegativeLogLikelihood(double x, double mean, double logSigma)
    {
        double value = Losses.GaussianNegativeLogLikelihoodGradient(x, mean, logSigma, out double dx, out double dm, out double ds);
        GradientAssert.Matches(p => Losses.GaussianNegativeLogLikelihood(p[0], p[1], p[2]), new[] { x, mean, logSigma }, value, dx, dm, ds);
    }
}
