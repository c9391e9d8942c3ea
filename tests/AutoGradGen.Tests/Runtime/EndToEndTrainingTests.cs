using System;
using AutoGradGen.Optimizers;

namespace AutoGradGen.Tests.Runtime;

/// <summary>A user-written loss, differentiated at compile time, trained with the runtime's optimizer.</summary>
public static partial class ToyModel
{
    /// <summary>
    /// Mean focal-style logistic loss of a linear classifier on 2-D points, plus an L2 term:
    /// (1/N) Σ (1 − pₙ)·(−log pₙ) with pₙ the probability of the true class.
    /// </summary>
    [Differentiable]
    public static double FocalLoss(ReadOnlySpan<double> w, double b, [NoDiff] ReadOnlySpan<double> points, [NoDiff] ReadOnlySpan<int> labels, [NoDiff] double lambda)
    {
        double total = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            double z = w[0] * points[2 * n] + w[1] * points[2 * n + 1] + b;
            double signed = labels[n] == 1 ? z : -z;
            double p = 1 / (1 + Math.Exp(-signed));
            total += (1 - p) * Math.Log(1 + Math.Exp(-signed));
        }

        return total / labels.Length + Penalty.L2(w, lambda);
    }
}

public class EndToEndTrainingTests
{
    [Fact]
    public void A_custom_loss_trains_a_classifier_with_Adam()
    {
        // Two seeded Gaussian blobs, centred at (−1, −1) and (1, 1).
        var random = new Random(17);
        const int n = 200;
        double[] points = new double[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            double centre = labels[i] == 1 ? 1 : -1;
            points[2 * i] = centre + (0.6 * Gaussian(random));
            points[2 * i + 1] = centre + (0.6 * Gaussian(random));
        }

        var w = new Parameter<double>("w", new[] { -0.5, 0.3 });
        var b = new Parameter<double>("b", new[] { 0.2 });
        var adam = new Adam<double>(new[] { w, b }, new AdamOptions { LearningRate = 0.05 });
        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 300; step++)
        {
            adam.ZeroGrad();
            last = ToyModel.FocalLossGradient(w.Value, b.Value[0], points, labels, 1e-3, w.Gradient, out b.Gradient[0]);
            first = step == 0 ? last : first;
            adam.Step();
        }

        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            double z = (w.Value[0] * points[2 * i]) + (w.Value[1] * points[2 * i + 1]) + b.Value[0];
            correct += (z > 0 ? 1 : 0) == labels[i] ? 1 : 0;
        }

        Assert.True(last < first / 4, $"loss went from {first} to {last}");
        Assert.True(correct >= 0.95 * n, $"accuracy {correct}/{n}");
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
