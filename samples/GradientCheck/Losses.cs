using System;
using AutoGradGen;

namespace GradientCheckSample;

/// <summary>Loss-style scalar functions, written as plain C# and differentiated at compile time.</summary>
public static partial class Losses
{
    /// <summary>Huber loss: quadratic near the target, linear beyond <paramref name="delta"/>.</summary>
    [Differentiable]
    public static double Huber(double prediction, double target, [NoDiff] double delta)
    {
        double residual = prediction - target;
        double magnitude = Math.Abs(residual);
        if (magnitude <= delta)
        {
            return 0.5 * residual * residual;
        }

        return delta * (magnitude - 0.5 * delta);
    }

    /// <summary>Binary cross-entropy of a logit against a 0/1 label, in the overflow-free form.</summary>
    [Differentiable]
    public static double LogisticLoss(double logit, int label)
    {
        // log(1 + e^z) − y·z, with log(1 + e^z) = max(z, 0) + log(1 + e^−|z|).
        double softplus = Math.Max(logit, 0.0) + Math.Log(1 + Math.Exp(-Math.Abs(logit)));
        return softplus - label * logit;
    }

    /// <summary>Softmax cross-entropy over three logits, shifted by their maximum for stability.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy3(double z0, double z1, double z2, int label)
    {
        double shift = Math.Max(z0, Math.Max(z1, z2));
        double sum = Math.Exp(z0 - shift) + Math.Exp(z1 - shift) + Math.Exp(z2 - shift);
        double chosen = label == 0 ? z0 : label == 1 ? z1 : z2;
        return Math.Log(sum) + shift - chosen;
    }

    /// <summary>Multiclass SVM hinge loss (CS231n) over three scores, margin 1.</summary>
    [Differentiable]
    public static double Hinge3(double s0, double s1, double s2, int label)
    {
        double correct = label == 0 ? s0 : label == 1 ? s1 : s2;
        double loss = 0;
        if (label != 0)
        {
            loss += Math.Max(0, s0 - correct + 1);
        }

        if (label != 1)
        {
            loss += Math.Max(0, s1 - correct + 1);
        }

        if (label != 2)
        {
            loss += Math.Max(0, s2 - correct + 1);
        }

        return loss;
    }

    /// <summary>Negative log-likelihood of <paramref name="x"/> under N(mean, exp(logSigma)²).</summary>
    [Differentiable]
    public static double GaussianNll(double mean, double logSigma, [NoDiff] double x)
    {
        double z = (x - mean) / Math.Exp(logSigma);
        return 0.5 * z * z + logSigma + 0.5 * Math.Log(2 * Math.PI);
    }

    /// <summary>Rosenbrock's banana function, the classic optimizer test surface.</summary>
    [Differentiable]
    public static double Rosenbrock(double x, double y) => Math.Pow(1 - x, 2) + 100 * Math.Pow(y - x * x, 2);
}

/// <summary>The CS231n linear-classifier losses over a batch, for a weight matrix W (C × D, row-major).</summary>
public static partial class LinearClassifierLosses
{
    /// <summary>
    /// Multiclass SVM loss: (1/N) Σₙ Σ_{j ≠ yₙ} max(0, sⱼ − s_yₙ + 1) + reg·‖W‖², with scores s = W xₙ.
    /// </summary>
    [Differentiable]
    public static double Svm(double[] weights, [NoDiff] double[] x, int[] labels, int classes, [NoDiff] double reg)
    {
        int dimensions = weights.Length / classes;
        double[] scores = new double[classes];
        double loss = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            for (int c = 0; c < classes; c++)
            {
                double s = 0;
                for (int d = 0; d < dimensions; d++)
                {
                    s += weights[c * dimensions + d] * x[n * dimensions + d];
                }

                scores[c] = s;
            }

            for (int c = 0; c < classes; c++)
            {
                if (c != labels[n])
                {
                    loss += Math.Max(0, scores[c] - scores[labels[n]] + 1);
                }
            }
        }

        double squares = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            squares += weights[i] * weights[i];
        }

        return loss / labels.Length + reg * squares;
    }

    /// <summary>Softmax loss: (1/N) Σₙ −log softmax(W xₙ)_yₙ + reg·‖W‖², with the max shift.</summary>
    [Differentiable]
    public static double Softmax(double[] weights, [NoDiff] double[] x, int[] labels, int classes, [NoDiff] double reg)
    {
        int dimensions = weights.Length / classes;
        double[] scores = new double[classes];
        double loss = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double s = 0;
                for (int d = 0; d < dimensions; d++)
                {
                    s += weights[c * dimensions + d] * x[n * dimensions + d];
                }

                scores[c] = s;
                max = Math.Max(max, s);
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(scores[c] - max);
            }

            loss += Math.Log(sum) + max - scores[labels[n]];
        }

        double squares = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            squares += weights[i] * weights[i];
        }

        return loss / labels.Length + reg * squares;
    }
}
