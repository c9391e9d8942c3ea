using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Differential testing of reverse-loop fusion: seeded random runs of loops over one range — local
/// arrays rewritten every step from one another at offsets −2…2, starts 0…2, statements at literal
/// indices between the loops, scalars shared or not — whose reverse loops fuse where that is legal
/// and stay apart where it is not. Every gradient is compared with central differences, and at
/// least some programs must have fused loops (so the test keeps testing fusion).
/// </summary>
public class RandomLoopRunTests
{
    private const int Programs = 40;
    private const int Length = 7;

    [Fact]
    public void Gradients_of_random_loop_runs_match_central_differences()
    {
        var source = new StringBuilder("using System;\nusing AutoGradGen;\n\npublic static partial class Runs\n{\n");
        for (int k = 0; k < Programs; k++)
        {
            source.Append(new RunWriter(new System.Random(5000 + k)).Write("R" + k));
            source.Append("    public static double R").Append(k).Append("GradientOfArray(double c, double[] x, double[] g, out double gc) => R")
                .Append(k).Append("Gradient(c, x, out gc, g);\n\n");
        }

        source.Append("}\n");
        GeneratorRun run = GeneratorHarness.Run(source.ToString());
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.SingleSource.Split("fused, from the top down to").Length > Programs / 4, "too few programs fuse anything");

        Assembly assembly = GeneratorHarness.CompileOptimizedAndLoad(source.ToString());
        Type type = assembly.GetType("Runs")!;
        var failures = new List<string>();
        for (int k = 0; k < Programs; k++)
        {
            MethodInfo function = type.GetMethod("R" + k)!;
            MethodInfo gradient = type.GetMethod("R" + k + "GradientOfArray")!;
            var random = new System.Random(k);
            for (int trial = 0; trial < 2; trial++)
            {
                double c = (random.NextDouble() * 2) - 1;
                double[] x = Enumerable.Range(0, Length).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
                double F(double pc, double[] px) => (double)function.Invoke(null, new object[] { pc, px })!;
                object[] arguments = { c, x, new double[Length], 0.0 };
                double value = (double)gradient.Invoke(null, arguments)!;
                double[] analytic = new[] { (double)arguments[3] }.Concat((double[])arguments[2]).ToArray();
                double[] point = new[] { c }.Concat(x).ToArray();
                if (RandomProgramTests.Mismatch("R" + k, p => F(p[0], p[1..]), point, value, analytic) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Writes one method over (double c, double[] x): three local arrays, two or three steps, each a
    /// run of loops <c>for (int i = s; i &lt; m; i++) A[i] = f(B[i + δ], C[i + δ′], scalars)</c> with
    /// m = n − 2, so that i + δ stays in range for δ ≥ −s.
    /// </summary>
    private sealed class RunWriter
    {
        private static readonly string[] Arrays = { "u", "v", "w" };
        private readonly System.Random random;
        private readonly StringBuilder code = new();

        public RunWriter(System.Random random) => this.random = random;

        public string Write(string name)
        {
            code.Append("    [Differentiable]\n    public static double ").Append(name).Append("(double c, double[] x)\n    {\n");
            code.Append("        int n = x.Length;\n        int m = n - 2;\n        double s = 0.5 * c;\n");
            foreach (string array in Arrays)
            {
                code.Append("        double[] ").Append(array).Append(" = new double[n];\n");
            }

            code.Append("        for (int i = 0; i < n; i++)\n        {\n            u[i] = x[i];\n            v[i] = Math.Sin(x[i]);\n            w[i] = 0.5 * x[i] * c;\n        }\n\n");
            code.Append("        for (int step = 0; step < ").Append(2 + random.Next(2)).Append("; step++)\n        {\n");
            int loops = 2 + random.Next(4);
            for (int l = 0; l < loops; l++)
            {
                if (l > 0 && random.Next(3) == 0)
                {
                    Between();
                }

                Loop();
            }

            code.Append("        }\n\n        double total = s;\n        for (int i = 0; i < n; i++)\n        {\n");
            code.Append("            total += u[i] * 0.5 + v[i] * w[i];\n        }\n\n        return total;\n    }\n\n");
            return code.ToString();
        }

        private void Loop()
        {
            int start = random.Next(3);
            string target = Arrays[random.Next(Arrays.Length)];
            string first = Read(start), second = Read(start);
            code.Append("            for (int i = ").Append(start).Append("; i < m; i++)\n            {\n");
            string value = random.Next(4) switch
            {
                0 => first + " * " + second + " * 0.5",
                1 => "Math.Tanh(" + first + " + " + second + ")",
                2 => first + " * s + 0.3 * " + second,
                _ => "Math.Sin(" + first + ") - " + second + " * 0.25",
            };
            code.Append("                ").Append(target).Append("[i] = ").Append(value).Append(";\n");
            if (random.Next(4) == 0)
            {
                // A scalar the loop's reverse adds into: loops sharing it must stay apart.
                code.Append("                s += 0.01 * ").Append(target).Append("[i];\n");
            }

            code.Append("            }\n\n");
        }

        private string Read(int start)
        {
            int offset = random.Next(-start, 3);
            string index = offset switch { 0 => "i", > 0 => "i + " + offset, _ => "i - " + (-offset) };
            return Arrays[random.Next(Arrays.Length)] + "[" + index + "]";
        }

        private void Between()
        {
            string target = Arrays[random.Next(Arrays.Length)];
            int index = random.Next(4);
            code.Append("            ").Append(target).Append("[").Append(index).Append("] = ")
                .Append(Arrays[random.Next(Arrays.Length)]).Append("[").Append(random.Next(4)).Append("] * 0.75 + 0.1;\n\n");
        }
    }
}
