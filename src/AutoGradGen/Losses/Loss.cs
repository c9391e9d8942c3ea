using System;

namespace AutoGradGen;

/// <summary>
/// The standard losses, written as <see cref="DifferentiableAttribute"/> methods: each has a generated
/// <c>…Gradient</c> (value and ∂loss/∂input, overwritten) and <c>…Pullback</c> (accumulating). Batches are
/// flat, row-major arrays: <c>batch × classes</c> scores, one label per row. Every loss is the mean over
/// the batch (or over the elements), as PyTorch's default <c>reduction='mean'</c>.
/// </summary>
public static partial class Loss
{
    /// <summary>
    /// Softmax cross-entropy from logits: L = (1/N) Σₙ (log Σⱼ exp zₙⱼ − zₙ,yₙ), computed with the
    /// row maximum subtracted so it never overflows (<c>torch.nn.functional.cross_entropy</c>).
    /// ∂L/∂zₙⱼ = (softmax(zₙ)ⱼ − [j = yₙ]) / N.
    /// </summary>
    /// <param name="logits">N × C scores, row-major.</param>
    /// <param name="labels">N class indices in [0, C).</param>
    /// <param name="classes">C.</param>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, int classes)
    {
        int batch = labels.Length;
        if (classes <= 0 || logits.Length != batch * classes)
        {
            throw new ArgumentException($"Expected {batch} × {classes} logits for {batch} labels and {classes} classes, got {logits.Length}.", nameof(logits));
        }

        double total = 0;
        for (int n = 0; n < batch; n++)
        {
            int row = n * classes;
            double max = logits[row];
            for (int j = 1; j < classes; j++)
            {
                max = Math.Max(max, logits[row + j]);
            }

            double sum = 0;
            for (int j = 0; j < classes; j++)
            {
                sum += Math.Exp(logits[row + j] - max);
            }

            total += Math.Log(sum) + max - logits[row + labels[n]];
        }

        return total / batch;
    }

    /// <summary>
    /// Multiclass SVM hinge loss (CS231n, <c>torch.nn.functional.multi_margin_loss</c> with p = 1):
    /// L = (1/N) Σₙ Σ_{j ≠ yₙ} max(0, sₙⱼ − sₙ,yₙ + Δ) / C. The subgradient at a margin of exactly 0 is 0.
    /// </summary>
    /// <param name="scores">N × C scores, row-major.</param>
    /// <param name="labels">N class indices.</param>
    /// <param name="classes">C.</param>
    /// <param name="margin">Δ (1 by default).</param>
    [Differentiable]
    public static double MulticlassHinge(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int classes, [NoDiff] double margin = 1.0)
    {
        int batch = labels.Length;
        if (classes <= 0 || scores.Length != batch * classes)
        {
            throw new ArgumentException($"Expected {batch} × {classes} scores for {batch} labels and {classes} classes, got {scores.Length}.", nameof(scores));
        }

        double total = 0;
        for (int n = 0; n < batch; n++)
        {
            int row = n * classes;
            double correct = scores[row + labels[n]];
            for (int j = 0; j < classes; j++)
            {
                if (j != labels[n])
                {
                    double violation = scores[row + j] - correct + margin;
                    if (violation > 0)
                    {
                        total += violation;
                    }
                }
            }
        }

        return total / (batch * classes);
    }

    /// <summary>Mean squared error: L = (1/M) Σᵢ (pᵢ − tᵢ)², ∂L/∂pᵢ = 2(pᵢ − tᵢ)/M (<c>mse_loss</c>).</summary>
    [Differentiable]
    public static double MeanSquaredError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        if (predictions.Length != targets.Length || predictions.Length == 0)
        {
            throw new ArgumentException($"Predictions ({predictions.Length}) and targets ({targets.Length}) must have the same, nonzero length.", nameof(targets));
        }

        double total = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double difference = predictions[i] - targets[i];
            total += difference * difference;
        }

        return total / predictions.Length;
    }

    /// <summary>
    /// Binary cross-entropy from logits z and targets t ∈ [0, 1], in the overflow-free form
    /// L = (1/M) Σᵢ max(zᵢ, 0) − zᵢtᵢ + log(1 + exp(−|zᵢ|)), ∂L/∂zᵢ = (σ(zᵢ) − tᵢ)/M
    /// (<c>binary_cross_entropy_with_logits</c>).
    /// </summary>
    [Differentiable]
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<double> logits, [NoDiff] ReadOnlySpan<double> targets)
    {
        if (logits.Length != targets.Length || logits.Length == 0)
        {
            throw new ArgumentException($"Logits ({logits.Length}) and targets ({targets.Length}) must have the same, nonzero length.", nameof(targets));
        }

        double total = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double z = logits[i];
            total += Math.Max(z, 0) - (z * targets[i]) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        }

        return total / logits.Length;
    }
}
