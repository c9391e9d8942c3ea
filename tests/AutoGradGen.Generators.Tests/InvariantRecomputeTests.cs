using System.Text.RegularExpressions;
using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Recomputations whose inputs never change move before the outermost reverse loop; those that read
/// arrays, divide integers or read a variable the loop changes stay inside it.
/// </summary>
public class InvariantRecomputeTests
{
    private const string Source = """
        using System;
        using AutoGradGen;

        namespace Demo;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> w, [NoDiff] int steps, [NoDiff] double h, [NoDiff] int d)
            {
                int n = w.Length;
                double[] y = new double[n];
                double g = 1;
                for (int i = 0; i < n; i++)
                {
                    y[i] = w[i];
                }

                for (int s = 0; s < steps; s++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        y[i] += h / 6 * y[i] * y[i] + n / d * y[i] + g / 3 * y[i] + w[0] / 2 * y[i];
                    }

                    g = g * 0.5;
                }

                return y[0];
            }
        }
        """;

    [Fact]
    public void Only_failure_free_arithmetic_on_constants_moves_out_of_the_reverse_loops()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        string gradient = GeneratedText.Gradient(run.SingleSource, "F");
        gradient = gradient.Substring(gradient.IndexOf("// Reverse sweep", System.StringComparison.Ordinal));

        // h / 6 once, before the steps' reverse loop (whose "for" follows the hoisted lines).
        Match hoisted = Regex.Match(gradient, @"// recompute (\w+) = h / 6\.0 once: its inputs never change\s*\n\s*\1 = h / 6\.0;\s*\n\s*for \(int iteration");
        Assert.True(hoisted.Success, gradient);
        Assert.Single(Regex.Matches(gradient, @"= h / 6\.0;")); // and not again inside

        // Integer division, a variable the loop changes and an array element stay per iteration.
        Assert.Matches(@"// recompute \w+ = \(double\)\(n / d\)\r?\n", gradient);
        Assert.Matches(@"// recompute \w+ = g / 3\.0\r?\n", gradient);
        Assert.Matches(@"// recompute \w+ = w\[0\] / 2\.0\r?\n", gradient);
        Assert.DoesNotMatch(@"once: its inputs never change\s*\n\s*\w+ = (\(double\)\(n / d\)|g / 3\.0|w\[0\] / 2\.0);", gradient);
    }
}
