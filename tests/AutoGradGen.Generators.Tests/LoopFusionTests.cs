using System.Text.RegularExpressions;
using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Which reverse loops ReverseLoopFusion fuses, and which it must leave apart: each case beside the
/// near miss that differs by one offset, statement or name. Their gradients are checked against
/// central differences in the end-to-end suite (Corpus/LoopFusion.cs).
/// </summary>
public class LoopFusionTests
{
    private const string Fused = "fused, from the top down to";

    /// <summary>Two loops over n; the second reads t at i + Offset.</summary>
    private const string Neighbours = """
        using System;
        using AutoGradGen;

        namespace Demo;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                int n = x.Length - 1;
                double[] t = new double[x.Length];
                t[n] = x[n];
                for (int i = 0; i < n; i++)
                {
                    t[i] = Math.Exp(x[i]);
                }

                double total = 0;
                for (int i = 1; i < n; i++)
                {
                    total += t[i OFFSET] * t[i];
                }

                return total;
            }
        }
        """;

    [Fact]
    public void A_later_loop_reading_behind_fuses_with_the_earlier_one()
    {
        string gradient = Gradient(Neighbours.Replace("OFFSET", "- 1"));
        Assert.Equal(1, Count(gradient, Fused + " 1"));

        // Iteration 0 of the first loop runs on its own, after the fused ones.
        Assert.Contains("the iterations below 1 of the loop over i", gradient);
    }

    [Fact]
    public void A_later_loop_reading_ahead_stays_apart()
    {
        // Its reverse adds into t̄[i + 1], which the fused earlier loop would have read one iteration before.
        Assert.Equal(0, Count(Gradient(Neighbours.Replace("OFFSET", "+ 1")), Fused));
    }

    private const string WithBetween = """
        using System;
        using AutoGradGen;

        namespace Demo;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x)
            {
                int n = x.Length;
                double[] z = new double[n];
                for (int i = 0; i < n; i++)
                {
                    z[i] = Math.Sin(x[i]);
                }

                z[INDEX] = z[INDEX] * 3;
                double total = 0;
                for (int i = 2; i < n; i++)
                {
                    total += z[i] * z[i - 2];
                }

                return total;
            }
        }
        """;

    [Fact]
    public void A_statement_between_the_loops_below_the_fused_range_moves_after_it()
    {
        string gradient = Gradient(WithBetween.Replace("INDEX", "1"));
        Assert.Equal(1, Count(gradient, Fused + " 2"));
    }

    [Fact]
    public void A_statement_between_the_loops_inside_the_fused_range_keeps_them_apart()
    {
        Assert.Equal(0, Count(Gradient(WithBetween.Replace("INDEX", "2")), Fused));
    }

    private const string Scaled = """
        using System;
        using AutoGradGen;

        namespace Demo;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, double c)
            {
                int n = x.Length;
                double[] a = new double[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = x[i] * FIRST;
                }

                double total = 0;
                for (int i = 0; i < n; i++)
                {
                    total += Math.Sin(a[i] * c);
                }

                return total;
            }
        }
        """;

    [Fact]
    public void Loops_adding_into_one_scalar_adjoint_stay_apart()
    {
        Assert.Equal(1, Count(Gradient(Scaled.Replace("FIRST", "2.0")), Fused));
        Assert.Equal(0, Count(Gradient(Scaled.Replace("FIRST", "c")), Fused));
    }

    [Theory]
    [InlineData("2.0", true, 1)]
    [InlineData("z[i]", true, 0)]
    [InlineData("2.0", false, 0)]
    public void A_pullback_fuses_loops_naming_one_parameter_adjoint_only(string factor, bool constantScale, int fusedInPullback)
    {
        // A Gradient's gradient spans are checked not to overlap; a Pullback's adjoints may be one
        // array passed twice, and a scalar's may be an element of an array's (F(x, x[0]) in a caller):
        // its loops fuse only while they name a single one — here x̄, with z̄ or c̄ beside it or not.
        string source = Scaled.Replace("ReadOnlySpan<double> x, double c", "ReadOnlySpan<double> x, ReadOnlySpan<double> z, " + (constantScale ? "[NoDiff] " : string.Empty) + "double c")
            .Replace("FIRST", factor).Replace("Math.Sin(a[i] * c)", "Math.Sin(a[i] * c) * x[i]");
        GeneratorRun run = Run(source);
        Assert.Equal(1, Count(GeneratedText.Gradient(run.SingleSource, "F"), Fused));
        Assert.Equal(fusedInPullback, Count(GeneratedText.Between(run.SingleSource, "FPullback(", "\n    }\n}"), Fused));
    }

    [Fact]
    public void Loops_restoring_from_one_tape_read_it_at_computed_positions()
    {
        const string source = """
            using System;
            using AutoGradGen;

            namespace Demo;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, [NoDiff] int steps)
                {
                    int n = x.Length;
                    double[] a = new double[n];
                    double[] b = new double[n];
                    for (int i = 0; i < n; i++)
                    {
                        a[i] = x[i];
                        b[i] = x[i] * x[i];
                    }

                    for (int s = 0; s < steps; s++)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            a[i] = Math.Sin(a[i] * b[i]);
                        }

                        for (int i = 0; i < n; i++)
                        {
                            b[i] = Math.Cos(a[i] + b[i]);
                        }
                    }

                    return a[0] + b[n - 1];
                }
            }
            """;
        string gradient = Gradient(source);
        Assert.Equal(1, Count(gradient, Fused));

        // Each loop pops two values per iteration (the old element and a temporary), its block of
        // 2·trips below the previous one's; the first pop of the iteration at i is the higher value.
        Assert.Matches(@"int doubleTapeBlock = doubleTapeCount - trips\d+ \* 2;", gradient);
        Assert.Matches(@"int doubleTapeBlock2 = doubleTapeCount - \(trips\d+ \* 2 \+ trips\d+ \* 2\);", gradient);
        Assert.Matches(@"b\[i\d+\] = doubleTape\[doubleTapeBlock \+ i\d+ \* 2 \+ 1\];", gradient);
        Assert.Matches(@"a\[i\d+\] = doubleTape\[doubleTapeBlock2 \+ i\d+ \* 2 \+ 1\];", gradient);
        Assert.Matches(@"doubleTapeCount = doubleTapeCount - \(trips\d+ \* 2 \+ trips\d+ \* 2\);", gradient);
        string fusedLoop = GeneratedText.Between(gradient, Fused, "doubleTapeCount = doubleTapeCount -");
        Assert.DoesNotContain("--", fusedLoop);
    }

    private static GeneratorRun Run(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        return run;
    }

    private static string Gradient(string source) => GeneratedText.Gradient(Run(source).SingleSource, "F");

    private static int Count(string text, string pattern) => Regex.Matches(text, Regex.Escape(pattern)).Count;
}
