using AutoGradGen.Generators.Tests.Support;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Which local arrays a Gradient takes from <c>LocalArrays</c> and gives back: those that cannot
/// outlive the call. One that reaches any other method keeps its <c>new</c> (a pooled array handed
/// out again while something still refers to it would be corrupted).
/// </summary>
public class PooledLocalArrayTests
{
    [Theory]
    [InlineData("c[0] = 1;", true)]
    [InlineData("c[0] = Scale(c, 2);", true)]
    [InlineData("c[0] = Scale(c.AsSpan(0, 1), 2);", true)]
    [InlineData("Keep(c);", false)]
    [InlineData("Fill(c);", false)]
    [InlineData("c[0] = Count(c);", false)]
    [InlineData("c[0] = SumArray(c);", false)]
    public void Pooled_only_when_the_array_stays_in_the_call(string use, bool pooled)
    {
        string source = $$"""
            using System;
            using AutoGradGen;

            namespace Demo;

            public static partial class Functions
            {
                private static double[]? kept;

                public static void Keep(double[] values) => kept = values;

                public static int Count(double[] values) => values.Length;

                public static void Fill(Span<double> values) => values.Fill(0.5);

                [Differentiable]
                public static double Scale(ReadOnlySpan<double> values, double factor) => values[0] * factor;

                [Differentiable]
                public static double SumArray(double[] values) => values[0] + values[values.Length - 1];

                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double[] y = new double[x.Length];
                    double[] c = new double[x.Length];
                    {{use}}
                    for (int i = 0; i < y.Length; i++)
                    {
                        y[i] += x[i] * x[i] * c[0];
                    }

                    return y[0] + y[y.Length - 1];
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        string generated = run.SingleSource;
        Assert.Contains("FGradient", generated, System.StringComparison.Ordinal);

        // y, only indexed, is pooled in every case; c only when nothing else can keep it (a callee
        // taking double[] could: only span parameters are safe to hand it to).
        Assert.Equal(2, Count(generated, "double[] y = global::AutoGradGen.Tapes.LocalArrays.Rent<double>(x.Length);"));
        Assert.Equal(2, Count(generated, "global::AutoGradGen.Tapes.LocalArrays.Return(y);"));
        Assert.Equal(pooled ? 2 : 0, Count(generated, "double[] c = global::AutoGradGen.Tapes.LocalArrays.Rent<double>(x.Length);"));
        Assert.Equal(pooled ? 2 : 0, Count(generated, "global::AutoGradGen.Tapes.LocalArrays.Return(c);"));
        Assert.Equal(pooled ? 0 : 2, Count(generated, "double[] c = new double[x.Length];"));
    }

    [Fact]
    public void Arrays_with_a_long_length_keep_their_new()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using AutoGradGen;

            namespace Demo;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    long n = x.Length;
                    double[] c = new double[n];
                    c[0] = x[0] * x[0];
                    return c[0];
                }
            }
            """);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain("LocalArrays", run.SingleSource, System.StringComparison.Ordinal);
    }

    /// <summary>Lines of code (not comments) that are exactly <paramref name="statement"/>.</summary>
    private static int Count(string text, string statement)
    {
        int count = 0;
        foreach (string line in text.Split('\n'))
        {
            if (line.Trim() == statement)
            {
                count++;
            }
        }

        return count;
    }
}
