using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Differential testing on random losses of the shape real objectives have (a GMM, k-means, a
/// multiclass hinge): a sum over data points whose body fills local arrays from the parameters,
/// scores classes with nested loops over flat 2-D indices, branches on active values, overwrites
/// arrays in place, and reduces with a max-shifted log-sum-exp, a hinge or squares — the code the
/// independent-iteration, recompute, pooling and stored-adjoint passes rewrite. Every gradient is
/// compared with central differences.
/// </summary>
public class RandomPointLossTests
{
    private const int Programs = 30;
    private const int Points = 3;
    private const int Dimensions = 3;
    private const int Classes = 3;

    [Fact]
    public void Gradients_of_random_point_losses_match_central_differences()
    {
        var source = new StringBuilder("using System;\nusing AutoGradGen;\n\npublic static partial class Losses\n{\n");
        for (int k = 0; k < Programs; k++)
        {
            source.Append(new LossWriter(new System.Random(7000 + k)).Write("L" + k));
            source.Append("    public static double L").Append(k).Append("GradientOfArray(double[] theta, double[] data, double[] g) => L")
                .Append(k).Append("Gradient(theta, data, ").Append(Points).Append(", ").Append(Dimensions).Append(", g);\n");
            source.Append("    public static double L").Append(k).Append("OfArray(double[] theta, double[] data) => L")
                .Append(k).Append("(theta, data, ").Append(Points).Append(", ").Append(Dimensions).Append(");\n\n");
        }

        source.Append("}\n");
        GeneratorRun run = GeneratorHarness.Run(source.ToString());
        Assert.Empty(run.GeneratorDiagnostics);
        int independent = run.SingleSource.Split("each reversed as soon as it has run").Length - 1;
        int recomputed = run.SingleSource.Split("// recompute ").Length - 1;
        Assert.True(independent > Programs / 2 && recomputed > 0, $"point loops reversed as they run: {independent}, recomputations: {recomputed}");

        Assembly assembly = GeneratorHarness.CompileOptimizedAndLoad(source.ToString());
        Type type = assembly.GetType("Losses")!;
        int parameters = Dimensions + (Classes * Dimensions) + Classes;
        var failures = new List<string>();
        for (int k = 0; k < Programs; k++)
        {
            MethodInfo function = type.GetMethod("L" + k + "OfArray")!;
            MethodInfo gradient = type.GetMethod("L" + k + "GradientOfArray")!;
            var random = new System.Random(k);
            double[] data = Enumerable.Range(0, Points * Dimensions).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            for (int trial = 0; trial < 2; trial++)
            {
                double[] theta = Enumerable.Range(0, parameters).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
                object[] arguments = { theta.Clone(), data.Clone(), new double[parameters] };
                double value = (double)gradient.Invoke(null, arguments)!;
                if (RandomProgramTests.Mismatch("L" + k, p => (double)function.Invoke(null, new object[] { p, data.Clone() })!, theta, value, (double[])arguments[2]) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Writes one loss over θ = (centre c: d, class weights W: K×d, class biases b: K) and n points of
    /// d values: per point, z from x and c, scores s = f(W, z) + b, a reduction, summed; then a
    /// regularizer. The pieces are drawn at random.
    /// </summary>
    private sealed class LossWriter
    {
        private readonly System.Random random;
        private readonly StringBuilder code = new();

        public LossWriter(System.Random random) => this.random = random;

        public string Write(string name)
        {
            code.Append("    [Differentiable]\n    public static double ").Append(name)
                .Append("(double[] theta, [NoDiff] double[] data, [NoDiff] int n, [NoDiff] int d)\n    {\n");
            code.Append("        const int K = ").Append(Classes).Append(";\n");
            code.Append("        double[] z = new double[d];\n        double[] scores = new double[K];\n        double total = 0;\n");
            if (random.Next(2) == 0)
            {
                // A per-parameter quantity computed once, read by every point (a recompute or a save).
                code.Append("        double[] scale = new double[d];\n        for (int j = 0; j < d; j++) { scale[j] = Math.Exp(0.3 * theta[j]); }\n");
                Centre("data[p * d + j] * scale[j] - theta[j]");
            }
            else
            {
                Centre(random.Next(2) == 0 ? "data[p * d + j] - theta[j]" : "Math.Tanh(data[p * d + j] + theta[j])");
            }

            return code.ToString();
        }

        private void Centre(string centred)
        {
            code.Append("        for (int p = 0; p < n; p++)\n        {\n");
            code.Append("            for (int j = 0; j < d; j++) { z[j] = ").Append(centred).Append("; }\n");
            if (random.Next(3) == 0)
            {
                // An in-place overwrite of the point's array, on an active condition.
                code.Append("            for (int j = 1; j < d; j++) { if (z[j - 1] > 0) { z[j] = z[j] * 0.5 + z[j - 1] * z[j - 1]; } }\n");
            }

            Scores();
            Reduction();
            code.Append("        }\n\n");
            Regularizer();
            code.Append("        return total;\n    }\n\n");
        }

        private void Scores()
        {
            code.Append("            for (int c = 0; c < K; c++)\n            {\n                double acc = theta[d + K * d + c];\n");
            code.Append("                for (int j = 0; j < d; j++)\n                {\n");
            code.Append(random.Next(4) switch
            {
                0 => "                    acc += theta[d + c * d + j] * z[j];\n",
                1 => "                    double diff = z[j] - theta[d + c * d + j];\n                    acc -= 0.5 * diff * diff;\n",
                2 => "                    if (z[j] > theta[d + c * d + j]) { acc += z[j] * theta[d + c * d + j]; } else { acc -= 0.25 * z[j]; }\n",
                _ => "                    if (data[j] < -0.8) { break; }\n                    acc += Math.Sin(theta[d + c * d + j] * z[j]);\n",
            });
            code.Append("                }\n\n                scores[c] = acc;\n            }\n\n");
        }

        private void Reduction()
        {
            switch (random.Next(3))
            {
                case 0:
                    code.Append("            double max = scores[0];\n            for (int c = 1; c < K; c++) { max = Math.Max(max, scores[c]); }\n");
                    code.Append("            double sum = 0;\n            for (int c = 0; c < K; c++) { sum += Math.Exp(scores[c] - max); }\n");
                    code.Append("            total += Math.Log(sum) + max - scores[p % K];\n");
                    break;
                case 1:
                    code.Append("            int label = p % K;\n            for (int c = 0; c < K; c++)\n            {\n");
                    code.Append("                if (c == label) { continue; }\n                double margin = scores[c] - scores[label] + 1;\n");
                    code.Append("                if (margin > 0) { total += margin; }\n            }\n");
                    break;
                default:
                    code.Append("            for (int c = 0; c < K; c++) { scores[c] *= scores[c]; }\n");
                    code.Append("            for (int c = 0; c < K; c++) { total += 0.1 * scores[c]; }\n");
                    break;
            }
        }

        private void Regularizer()
        {
            if (random.Next(2) == 0)
            {
                code.Append("        double reg = 0;\n        for (int i = 0; i < theta.Length; i++) { reg += theta[i] * theta[i]; }\n        total += 0.01 * reg;\n");
            }
        }
    }
}
