using System;
using System.Numerics;

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
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes)
        where T : IFloatingPointIeee754<T>
    {
        int batch = labels.Length;
        if (classes <= 0 || logits.Length != batch * classes)
        {
            throw new ArgumentException($"Expected {batch} × {classes} logits for {batch} labels and {classes} classes, got {logits.Length}.", nameof(logits));
        }

        T total = T.Zero;
        for (int n = 0; n < batch; n++)
        {
            int row = n * classes;
            T max = logits[row];
            for (int j = 1; j < classes; j++)
            {
                max = T.Max(max, logits[row + j]);
            }

            T sum = T.Zero;
            for (int j = 0; j < classes; j++)
            {
                sum += T.Exp(logits[row + j] - max);
            }

            total += T.Log(sum) + max - logits[row + labels[n]];
        }

        return total / T.CreateChecked(batch);
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
    public static T MulticlassHinge<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> labels, int classes, [NoDiff] double margin = 1.0)
        where T : IFloatingPointIeee754<T>
    {
        int batch = labels.Length;
        if (classes <= 0 || scores.Length != batch * classes)
        {
            throw new ArgumentException($"Expected {batch} × {classes} scores for {batch} labels and {classes} classes, got {scores.Length}.", nameof(scores));
        }

        T total = T.Zero;
        T delta = T.CreateChecked(margin);
        for (int n = 0; n < batch; n++)
        {
            int row = n * classes;
            T correct = scores[row + labels[n]];
            for (int j = 0; j < classes; j++)
            {
                if (j != labels[n])
                {
                    T violation = scores[row + j] - correct + delta;
                    if (violation > T.Zero)
                    {
                        total += violation;
                    }
                }
            }
        }

        return total / T.CreateChecked(batch * classes);
    }

    /// <summary>Mean squared error: L = (1/M) Σᵢ (pᵢ − tᵢ)², ∂L/∂pᵢ = 2(pᵢ − tᵢ)/M (<c>mse_loss</c>).</summary>
    [Differentiable]
    public static T MeanSquaredError<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets)
        where T : IFloatingPointIeee754<T>
    {
        if (predictions.Length != targets.Length || predictions.Length == 0)
        {
            throw new ArgumentException($"Predictions ({predictions.Length}) and targets ({targets.Length}) must have the same, nonzero length.", nameof(targets));
        }

        T total = T.Zero;
        for (int i = 0; i < predictions.Length; i++)
        {
            T difference = predictions[i] - targets[i];
            total += difference * difference;
        }

        return total / T.CreateChecked(predictions.Length);
    }

    /// <summary>
    /// Binary cross-entropy from logits z and targets t ∈ [0, 1], in the overflow-free form
    /// L = (1/M) Σᵢ max(zᵢ, 0) − zᵢtᵢ + log(1 + exp(−|zᵢ|)), ∂L/∂zᵢ = (σ(zᵢ) − tᵢ)/M
    /// (<c>binary_cross_entropy_with_logits</c>).
    /// </summary>
    [Differentiable]
    public static T BinaryCrossEntropyWithLogits<T>(ReadOnlySpan<T> logits, [NoDiff] ReadOnlySpan<T> targets)
        where T : IFloatingPointIeee754<T>
    {
        if (logits.Length != targets.Length || logits.Length == 0)
        {
            throw new ArgumentException($"Logits ({logits.Length}) and targets ({targets.Length}) must have the same, nonzero length.", nameof(targets));
        }

        T total = T.Zero;
        for (int i = 0; i < logits.Length; i++)
        {
            T z = logits[i];
            total += T.Max(z, T.Zero) - (z * targets[i]) + T.Log(T.One + T.Exp(-T.Abs(z)));
        }

        return total / T.CreateChecked(logits.Length);
    }
}
