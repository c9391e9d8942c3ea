using System.Text.RegularExpressions;
using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// When the reverse of an array's last reader stores into its adjoint and the rewrite's reverse skips
/// the clear: for RK-style stages (a literal-index write first, reads in between, one loop both a
/// last read and a rewrite), and not when the array is read before its rewrite.
/// </summary>
public class StoredAdjointTests
{
    private const string Stages = """
        using System;
        using AutoGradGen;

        namespace Demo;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> w, [NoDiff] int steps)
            {
                int n = w.Length;
                double[] y = new double[n];
                double[] k1 = new double[n];
                double[] k2 = new double[n];
                double[] stage = new double[n];
                for (int i = 0; i < n; i++)
                {
                    y[i] = w[i];
                }

                for (int s = 0; s < steps; s++)
                {
                    // before
                    k1[0] = -w[0] * y[0];
                    for (int i = 1; i < n; i++)
                    {
                        k1[i] = Math.Cos(y[i]);
                    }

                    for (int i = 0; i < n; i++)
                    {
                        stage[i] = y[i] + 0.5 * k1[i];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        k2[i] = k1[i] * stage[i];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        y[i] += 0.2 * k2[i];
                    }
                }

                return y[0];
            }
        }
        """;

    [Theory]
    [InlineData("k1")]
    [InlineData("k2")]
    [InlineData("stage")]
    public void Stage_adjoints_are_stored_and_never_cleared(string array)
    {
        string gradient = Gradient(Stages);
        Assert.NotEqual(0, Count(gradient, $@"^\s*{array}Bar\[\w+\] = (?!0\.0;)"));
        Assert.Equal(0, Count(gradient, $@"^\s*{array}Bar\[\w+\] = 0\.0;"));
    }

    [Fact]
    public void An_array_read_before_its_rewrite_keeps_adding_and_clearing()
    {
        string gradient = Gradient(Stages.Replace("// before", "y[0] += k2[0];"));
        Assert.Equal(0, Count(gradient, @"^\s*k2Bar\[\w+\] = (?!0\.0;)"));
        Assert.True(Count(gradient, @"^\s*k2Bar\[\w+\] = 0\.0;") > 0);
        Assert.NotEqual(0, Count(gradient, @"^\s*k1Bar\[\w+\] = (?!0\.0;)"));
        Assert.Equal(0, Count(gradient, @"^\s*k1Bar\[\w+\] = 0\.0;"));
    }

    private const string Stencils = """
        using System;
        using AutoGradGen;

        namespace Demo;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> w, [NoDiff] int steps)
            {
                int n = w.Length;
                double[] y = new double[n];
                double[] k = new double[n];
                double[] stage = new double[n];
                for (int i = 0; i < n; i++)
                {
                    y[i] = w[i];
                }

                for (int s = 0; s < steps; s++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        stage[i] = y[i] * 0.5;
                    }

                    k[0] = stage[0];
                    for (int i = 1; i < n; i++)
                    {
                        k[i] = w[i] * stage[i] - w[i - 1] * stage[i - 1];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        stage[i] = y[i] + k[i];
                    }

                    for (int i = 1; i < n; i++)
                    {
                        y[i] += stage[i - 1] * stage[i];
                    }
                }

                return y[n - 1];
            }
        }
        """;

    [Fact]
    public void Stencil_last_reads_store_behind_and_zero_only_the_last_element()
    {
        string gradient = Gradient(Stencils);

        // Both passes over stage end in a stencil: each zeroes ā[length − 1] before it, stores the
        // element behind (no load of it first), and the rewrites never clear.
        Assert.Equal(2, Count(gradient, @"^\s*stageBar\[stage\.Length - 1\] = 0\.0;"));
        Assert.Equal(0, Count(gradient, @"^\s*stageBar\[\w+\] = 0\.0;"));
        Assert.Equal(2, Count(gradient, @"^\s*double stageBarAhead\d* = 0\.0;"));
    }

    [Fact]
    public void A_stencil_reading_an_element_twice_keeps_adding_and_clearing()
    {
        string gradient = Gradient(Stencils.Replace("w[i - 1] * stage[i - 1];", "w[i - 1] * stage[i - 1] * stage[i - 1];"));
        Assert.Equal(0, Count(gradient, @"stageBar\[stage\.Length - 1\] = 0\.0;"));
        Assert.True(Count(gradient, @"^\s*stageBar\[\w+\] = 0\.0;") > 0);
    }

    private static string Gradient(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        return GeneratedText.Gradient(run.SingleSource, "F");
    }

    private static int Count(string text, string pattern) => Regex.Matches(text, pattern, RegexOptions.Multiline).Count;
}
