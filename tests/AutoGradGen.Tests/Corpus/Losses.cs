using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Loss functions written with scalars (no arrays), as a user of the generator would.</summary>
public static partial class Losses
{
    /// <summary>Half squared error between a prediction and a target, both differentiable.</summary>
    [Differentiable]
    public static double SquaredError(double prediction, double target)
    {
        double residual = prediction - target;
        return 0.5 * residual * residual;
    }

    /// <summary>Huber loss: quadratic inside |r| ≤ delta, linear outside (a branch on an Abs).</summary>
    [Differentiable]
    public static double Huber(double prediction, double target, [NoDiff] double delta)
    {
        double residual = prediction - target;
        double magnitude = Math.Abs(residual);
        if (magnitude <= delta)
        {
            return 0.5 * residual * residual;
        }

        return delta * (magnitude - (0.5 * delta));
    }

    /// <summary>Log-cosh loss.</summary>
    [Differentiable]
    public static double LogCosh(double prediction, double target) => Math.Log(Math.Cosh(prediction - target));

    /// <summary>Softplus log(1 + eˣ) with the numerically stable branch for large x.</summary>
    [Differentiable]
    public static double Softplus(double x)
    {
        if (x > 0.0)
        {
            return x + Math.Log(1.0 + Math.Exp(-x));
        }

        return Math.Log(1.0 + Math.Exp(x));
    }

    /// <summary>Binary cross-entropy of a logit against a label: max(z, 0) − z·y + log(1 + e^−|z|).</summary>
    [Differentiable]
    public static double BinaryCrossEntropyWithLogit(double logit, [NoDiff] double label)
        => Math.Max(logit, 0.0) - (logit * label) + Math.Log(1.0 + Math.Exp(-Math.Abs(logit)));

    /// <summary>Binary cross-entropy through an explicit sigmoid, with a stable branch on the sign of the logit.</summary>
    [Differentiable]
    public static double BinaryCrossEntropyViaSigmoid(double logit, [NoDiff] double label)
    {
        double p;
        if (logit >= 0.0)
        {
            p = 1.0 / (1.0 + Math.Exp(-logit));
        }
        else
        {
            double e = Math.Exp(logit);
            p = e / (1.0 + e);
        }

        return -((label * Math.Log(p)) + ((1.0 - label) * Math.Log(1.0 - p)));
    }

    /// <summary>Cross-entropy of three scores against a class label, with the max shift written with scalars.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy3(double s0, double s1, double s2, int label)
    {
        double shift = Math.Max(s0, Math.Max(s1, s2));
        double sum = Math.Exp(s0 - shift) + Math.Exp(s1 - shift) + Math.Exp(s2 - shift);
        double logSumExp = shift + Math.Log(sum);
        double picked = label == 0 ? s0 : label == 1 ? s1 : s2;
        return logSumExp - picked;
    }

    /// <summary>Smooth (quadratically smoothed) hinge loss of a margin z·y, three branches.</summary>
    [Differentiable]
    public static double SmoothHinge(double score, [NoDiff] double label)
    {
        double margin = score * label;
        if (margin >= 1.0)
        {
            return 0.0;
        }
        else if (margin <= 0.0)
        {
            return 0.5 - margin;
        }

        double gap = 1.0 - margin;
        return 0.5 * gap * gap;
    }

    /// <summary>Gaussian negative log-likelihood of x under N(mean, exp(logSigma)²).</summary>
    [Differentiable]
    public static double GaussianNegativeLogLikelihood(double x, double mean, double logSigma)
    {
        const double HalfLogTwoPi = 0.91893853320467274178;
        double z = (x - mean) / Math.Exp(logSigma);
        return (0.5 * z * z) + logSigma + HalfLogTwoPi;
    }
}
