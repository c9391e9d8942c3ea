using System;
using System.Reflection;
using System.Text.RegularExpressions;
using AutoGradGen.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Forward-sweep accesses the loop bounds prove in range lose their bounds checks in optimized builds;
/// every other access keeps its check, so the gradient throws exactly where the function does.
/// </summary>
public class ProvenBoundsTests
{
    private const string Source = """
        using System;
        using AutoGradGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
            {
                int n = x.Length;
                double[] a = new double[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = x[i] * w[i];
                }

                double total = 0;
                for (int i = 1; i < a.Length; i++)
                {
                    total += a[i - 1] * Math.Sin(a[i]);
                }

                for (int i = 0; i < n - 1; i++)
                {
                    total += a[i + 1] * a[i];
                }

                for (int i = 0; i < n; i++)
                {
                    total += a[i] * a[i];
                    if (total > 100)
                    {
                        i++;
                    }
                }

                return total;
            }

            public static double Gradient(double[] x, double[] w, double[] gx, double[] gw) => FGradient(x, w, gx, gw);
        }
        """;

    [Fact]
    public void Only_accesses_the_loop_bounds_prove_go_unchecked()
    {
        string gradient = GeneratedText.Gradient(GenerateOptimized(Source), "F");
        string forward = gradient.Substring(0, gradient.IndexOf("// Reverse sweep", StringComparison.Ordinal));

        // x.Length is n and a has length n: a[i], x[i], a[i − 1] from 1 are in range; w may be shorter.
        Assert.Contains("UncheckedAccess.At(a, i) = global::AutoGradGen.Tapes.UncheckedAccess.At(x, i) * w[i];", forward);
        Assert.Matches(@"= global::System\.Math\.Sin\(global::AutoGradGen\.Tapes\.UncheckedAccess\.At\(a, i\d+\)\);", forward);
        Assert.Matches(@"total \+ global::AutoGradGen\.Tapes\.UncheckedAccess\.At\(a, i\d+ - 1\) \* sin;", forward);

        // Not proven: i + 1 (the limit n − 1 is not a's length), and a counter the body changes.
        Assert.Matches(@"\ba\[i\d+ \+ 1\] \* a\[i\d+\]", forward);
        Assert.Matches(@"total = total \+ a\[i\d+\] \* a\[i\d+\];", forward);
    }

    private const string Unstable = """
        using System;
        using AutoGradGen;

        public static class Settings
        {
            public static int Size = 4;
        }

        public static partial class Functions
        {
            [Differentiable]
            public static double StaticLimit(double[] x)
            {
                double[] t = new double[Settings.Size];
                for (int i = 0; i < Settings.Size; i++)
                {
                    t[i] = x[0] * i;
                }

                return t[1];
            }

            [Differentiable]
            public static double ReadOnlyReference(in double[] a)
            {
                double p = 1;
                for (int i = 0; i < a.Length; i++)
                {
                    p = p * a[i];
                }

                return p;
            }
        }
        """;

    [Fact]
    public void Limits_that_can_change_unseen_keep_their_checks()
    {
        // A static field (a call may grow it) and an 'in' array (a call may point it elsewhere).
        string generated = GenerateOptimized(Unstable);
        foreach (string method in new[] { "StaticLimitGradient(", "ReadOnlyReferenceGradient(" })
        {
            int start = generated.IndexOf(method, StringComparison.Ordinal);
            string gradient = generated.Substring(start);
            string forward = gradient.Substring(0, gradient.IndexOf("// Reverse sweep", StringComparison.Ordinal));
            Assert.DoesNotContain("UncheckedAccess", forward);
        }
    }

    private const string UnseenEffects = """
        using System;
        using AutoGradGen;

        public static class Cfg
        {
            public static void Touch(int[] values) => values[0]++;
        }

        public static partial class Functions
        {
            [Differentiable]
            public static double Opaque(double[] x, [NoDiff] int[] sizes)
            {
                int n = x.Length;
                double[] t = new double[n];
                double total = 0;
                for (int i = 0; i < n; i++)
                {
                    t[i] = x[i] * x[i];
                    total += t[i] * x[sizes[0]];
                }

                Cfg.Touch(sizes);
                return total;
            }

            [Differentiable]
            public static double ReadOnlyIndex(ReadOnlySpan<double> x, in int k)
            {
                return x[k + 1] * x[k + 1];
            }

            [Differentiable]
            public static double Visible(double[] x)
            {
                int n = x.Length;
                double[] t = new double[n];
                double total = 0;
                for (int i = 0; i < n; i++)
                {
                    t[i] = x[i] * x[i];
                    total += t[i] * x[i];
                }

                return total;
            }
        }
        """;

    [Fact]
    public void Methods_whose_values_may_change_unseen_keep_every_check()
    {
        // A call the generator cannot see into, or an 'in' parameter: no unchecked access anywhere.
        string generated = GenerateOptimized(UnseenEffects);
        Assert.DoesNotContain("UncheckedAccess", GeneratedText.Between(generated, "OpaqueGradient(", "OpaquePullback("));
        Assert.DoesNotContain("UncheckedAccess", GeneratedText.Between(generated, "OpaquePullback(", "ReadOnlyIndexGradient("));
        Assert.DoesNotContain("UncheckedAccess", GeneratedText.Between(generated, "ReadOnlyIndexGradient(", "VisibleGradient("));
        Assert.Contains("UncheckedAccess", GeneratedText.Between(generated, "VisibleGradient(", "VisiblePullback("));
    }

    private const string ElementIndices = """
        using System;
        using AutoGradGen;

        public static partial class Functions
        {
            [Differentiable]
            public static double Gather(double[] x, [NoDiff] int[] index, [NoDiff] double[][] rows)
            {
                double total = 0;
                for (int i = 0; i < index.Length; i++)
                {
                    total += x[index[i]] * rows[0][i] * x[i];
                }

                return total;
            }
        }
        """;

    [Fact]
    public void Accesses_through_elements_keep_their_checks()
    {
        // A callee, constructor or alias may change an element or replace a jagged row unseen: an access
        // whose index or row is an element read again in the reverse sweep is checked there
        // (x[index[i]], rows[0][i]); index[i], rows[0] and x[i] themselves are not.
        string reverse = GeneratedText.Between(GenerateOptimized(ElementIndices), "// Reverse sweep", "GatherPullback(");
        Assert.Contains("xGrad[global::AutoGradGen.Tapes.UncheckedAccess.At(index, i)] +=", reverse);
        Assert.Contains(" x[global::AutoGradGen.Tapes.UncheckedAccess.At(index, i)]", reverse);
        Assert.Contains("global::AutoGradGen.Tapes.UncheckedAccess.At(rows, 0)[i]", reverse);
        Assert.DoesNotContain("UncheckedAccess.At(global::AutoGradGen.Tapes.UncheckedAccess.At(rows", reverse);
        Assert.DoesNotContain("UncheckedAccess.At(xGrad, global::", reverse);
        Assert.Contains("UncheckedAccess.At(xGrad, i) +=", reverse);
    }

    private static string GenerateOptimized(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(OptimizationLevel.Release, null, source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        return run.SingleSource;
    }

    [Fact]
    public void The_gradient_still_throws_where_the_function_does()
    {
        Assembly assembly = GeneratorHarness.CompileOptimizedAndLoad(Source);
        MethodInfo gradient = assembly.GetType("Functions")!.GetMethod("Gradient")!;
        double[] x = { 0.5, -0.25, 0.75 };
        double[] gx = new double[3];

        var valid = (double)gradient.Invoke(null, new object[] { x, new[] { 1.0, 2.0, 3.0 }, gx, new double[3] })!;
        Assert.True(double.IsFinite(valid));

        // w one element short: the function's w[i] throws, and so must the gradient's forward sweep.
        var thrown = Assert.Throws<TargetInvocationException>(() => gradient.Invoke(null, new object[] { x, new[] { 1.0, 2.0 }, gx, new double[2] }));
        Assert.IsType<IndexOutOfRangeException>(thrown.InnerException);
    }
}
