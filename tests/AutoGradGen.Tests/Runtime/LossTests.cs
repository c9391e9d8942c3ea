using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests.Runtime;

/// <summary>
/// The runtime's losses: value and generated gradient against PyTorch 1.13 (Data/loss_references.json)
/// to 1e-12, and the gradient against central differences.
/// </summary>
public class LossTests
{
    private static readonly JsonElement Reference = Load();
    private static readonly double[] Scores = Doubles("scores");
    private static readonly int[] Labels = Reference.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
    private static readonly int Classes = Reference.GetProperty("classes").GetInt32();

    [Fact]
    public void Softmax_cross_entropy_matches_PyTorch()
    {
        double[] g = new double[Scores.Length];
        double value = Loss.SoftmaxCrossEntropyGradient(Scores, Labels, Classes, g);
        AssertCase("softmax_cross_entropy", value, g);
        GradientAssert.Matches(p => Loss.SoftmaxCrossEntropy(p, Labels, Classes), Scores, value, g);
    }

    [Fact]
    public void Multiclass_hinge_matches_PyTorch()
    {
        double[] g = new double[Scores.Length];
        double value = Loss.MulticlassHingeGradient(Scores, Labels, Classes, 1.0, g);
        AssertCase("multiclass_hinge", value, g);
        GradientAssert.Matches(p => Loss.MulticlassHinge(p, Labels, Classes), Scores, value, g);
    }

    [Fact]
    public void Mean_squared_error_matches_PyTorch()
    {
        double[] p = Doubles("predictions"), t = Doubles("targets");
        double[] gp = new double[p.Length], gt = new double[t.Length];
        double value = Loss.MeanSquaredErrorGradient(p, t, gp, gt);
        AssertCase("mean_squared_error", value, gp, gt);
    }

    [Fact]
    public void Binary_cross_entropy_with_logits_matches_PyTorch()
    {
        double[] z = Doubles("logits"), t = Doubles("binary_targets");
        double[] g = new double[z.Length];
        double value = Loss.BinaryCrossEntropyWithLogitsGradient(z, t, g);
        AssertCase("binary_cross_entropy_with_logits", value, g);
        GradientAssert.Matches(p => Loss.BinaryCrossEntropyWithLogits(p, t), z, value, g);
    }

    [Fact]
    public void Softmax_cross_entropy_does_not_overflow_on_huge_logits()
    {
        double[] logits = { 1000, -1000, 999, 0 };
        double[] g = new double[4];
        double value = Loss.SoftmaxCrossEntropyGradient(logits, new[] { 2 }, 4, g);
        Assert.Equal(1 + Math.Log(1 + Math.Exp(-1)), value, 12);
        Assert.True(g.All(double.IsFinite));
        Assert.Equal(0.0, g.Sum(), 12); // softmax − one-hot sums to zero
    }

    [Fact]
    public void Shape_mismatches_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Loss.SoftmaxCrossEntropy(new double[7], new[] { 0, 1 }, 4));
        Assert.Throws<ArgumentException>(() => Loss.MeanSquaredError(new double[3], new double[2]));
    }

    private static void AssertCase(string name, double value, params double[][] gradients)
    {
        JsonElement reference = Reference.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        Assert.Equal(reference.GetProperty("value").GetDouble(), value, 12);
        JsonElement[] expected = reference.GetProperty("gradients").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, gradients.Length);
        for (int k = 0; k < gradients.Length; k++)
        {
            double[] e = expected[k].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - gradients[k][i]) <= 1e-12 * Math.Max(1, Math.Abs(e[i])), $"{name} gradient {k}[{i}]: PyTorch {e[i]:R}, AutoGradGen {gradients[k][i]:R}");
            }
        }
    }

    private static double[] Doubles(string name) => Reference.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static JsonElement Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "loss_references.json")));
        return document.RootElement.Clone();
    }
}
