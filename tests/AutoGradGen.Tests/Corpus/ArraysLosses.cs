using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>Losses over arrays and batches, written with plain loops the way a practitioner writes them.</summary>
public static partial class ArraysLosses
{
    /// <summary>log Σ exp(xᵢ) shifted by the max, the max found with an if in a first loop.</summary>
    [Differentiable]
    public static double LogSumExp(double[] x)
    {
        double max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > max)
            {
                max = x[i];
            }
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Exp(x[i] - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Polynomial least squares: coefficients w[0..d] evaluated by Horner at points x[i] against targets y[i], all differentiable.</summary>
    [Differentiable]
    public static double PolynomialLeastSquares(double[] w, double[] x, double[] y)
    {
        int degree = w.Length - 1;
        double loss = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double prediction = w[degree];
            for (int k = degree - 1; k >= 0; k--)
            {
                prediction = (prediction * x[i]) + w[k];
            }

            double residual = prediction - y[i];
            loss += residual * residual;
        }

        return loss / (2 * x.Length);
    }

    /// <summary>Softmax cross-entropy of a linear classifier over a batch, flat [batch × classes] local scores, int[] labels, L2 on W.</summary>
    /// <remarks>scores = W·x + b row by row; per row a max-shifted log-sum-exp minus the labelled score; mean over the batch plus ½λ‖W‖².</remarks>
    [Differentiable]
    public static double SoftmaxCrossEntropyL2(double[] weights, double[] bias, [NoDiff] double[] features, int[] labels, [NoDiff] double lambda)
    {
        int classes = bias.Length;
        int dims = weights.Length / classes;
        int batch = labels.Length;
        var scores = new double[batch * classes];
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < classes; c++)
            {
                double s = bias[c];
                for (int j = 0; j < dims; j++)
                {
                    s += weights[(c * dims) + j] * features[(n * dims) + j];
                }

                scores[(n * classes) + c] = s;
            }
        }

        double loss = 0;
        for (int n = 0; n < batch; n++)
        {
            int row = n * classes;
            double max = scores[row];
            for (int c = 1; c < classes; c++)
            {
                if (scores[row + c] > max)
                {
                    max = scores[row + c];
                }
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(scores[row + c] - max);
            }

            loss += max + Math.Log(sum) - scores[row + labels[n]];
        }

        loss /= batch;

        double l2 = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            l2 += weights[i] * weights[i];
        }

        return loss + (0.5 * lambda * l2);
    }

    /// <summary>Softmax cross-entropy of jagged scores (one row per example), each row's log-sum-exp through a callee on the row.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropyJagged(double[][] scores, int[] labels)
    {
        double loss = 0;
        for (int n = 0; n < scores.Length; n++)
        {
            loss += ArraysCalls.LogSumExp(scores[n]) - scores[n][labels[n]];
        }

        return loss / scores.Length;
    }

    /// <summary>The CS231n multiclass SVM loss (margin 1) from W·xₙ, written with continue on the label and if (margin &gt; 0).</summary>
    /// <remarks>Scores go into a local array reused per example; Σ_{c≠yₙ} max(0, s_c − s_yₙ + 1) averaged over the batch, plus a regularizer on W.</remarks>
    [Differentiable]
    public static double MulticlassSvm(double[][] w, [NoDiff] double[][] x, int[] labels, [NoDiff] double regularization)
    {
        var scores = new double[w.Length];
        double loss = 0;
        for (int n = 0; n < x.Length; n++)
        {
            for (int c = 0; c < w.Length; c++)
            {
                scores[c] = 0;
                for (int j = 0; j < x[n].Length; j++)
                {
                    scores[c] += w[c][j] * x[n][j];
                }
            }

            double correct = scores[labels[n]];
            for (int c = 0; c < w.Length; c++)
            {
                if (c == labels[n])
                {
                    continue;
                }

                double margin = scores[c] - correct + 1;
                if (margin > 0)
                {
                    loss += margin;
                }
            }
        }

        loss /= x.Length;
        double penalty = 0;
        for (int c = 0; c < w.Length; c++)
        {
            for (int j = 0; j < w[c].Length; j++)
            {
                penalty += w[c][j] * w[c][j];
            }
        }

        return loss + (regularization * penalty);
    }

    /// <summary>The multiclass SVM loss with the hinge written as Math.Max(0, margin) after the continue (one decision per class).</summary>
    [Differentiable]
    public static double MulticlassSvmMax(double[][] w, [NoDiff] double[][] x, int[] labels, [NoDiff] double regularization)
    {
        var scores = new double[w.Length];
        double loss = 0;
        for (int n = 0; n < x.Length; n++)
        {
            for (int c = 0; c < w.Length; c++)
            {
                scores[c] = 0;
                for (int j = 0; j < x[n].Length; j++)
                {
                    scores[c] += w[c][j] * x[n][j];
                }
            }

            for (int c = 0; c < w.Length; c++)
            {
                if (c == labels[n])
                {
                    continue;
                }

                loss += Math.Max(0, scores[c] - scores[labels[n]] + 1);
            }
        }

        loss /= x.Length;
        double penalty = 0;
        for (int c = 0; c < w.Length; c++)
        {
            for (int j = 0; j < w[c].Length; j++)
            {
                penalty += w[c][j] * w[c][j];
            }
        }

        return loss + (regularization * penalty);
    }

    /// <summary>Logistic regression: mean binary cross-entropy of logits w·x + b with a numerically stable branch on the sign of the logit.</summary>
    /// <remarks>z ≥ 0: log(1 + e^−z) + (1 − y)z; z &lt; 0: log(1 + e^z) − yz.</remarks>
    [Differentiable]
    public static double LogisticRegression(double[] weights, double bias, [NoDiff] double[] features, int[] labels)
    {
        int dims = weights.Length;
        double loss = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            double z = bias;
            for (int j = 0; j < dims; j++)
            {
                z += weights[j] * features[(n * dims) + j];
            }

            if (z >= 0)
            {
                loss += Math.Log(1 + Math.Exp(-z)) + ((1 - labels[n]) * z);
            }
            else
            {
                loss += Math.Log(1 + Math.Exp(z)) - (labels[n] * z);
            }
        }

        return loss / labels.Length;
    }

    /// <summary>Huber regression over a batch: a branch on |residual| inside the loop, with a residual array kept for a second pass.</summary>
    [Differentiable]
    public static double HuberRegression(double[] weights, [NoDiff] double[] features, [NoDiff] double[] targets, [NoDiff] double delta)
    {
        int dims = weights.Length;
        var residuals = new double[targets.Length];
        for (int n = 0; n < targets.Length; n++)
        {
            double prediction = 0;
            for (int j = 0; j < dims; j++)
            {
                prediction += weights[j] * features[(n * dims) + j];
            }

            residuals[n] = prediction - targets[n];
        }

        double loss = 0;
        foreach (double r in residuals)
        {
            double magnitude = Math.Abs(r);
            if (magnitude <= delta)
            {
                loss += 0.5 * r * r;
            }
            else
            {
                loss += delta * (magnitude - (0.5 * delta));
            }
        }

        return loss / targets.Length;
    }
}
