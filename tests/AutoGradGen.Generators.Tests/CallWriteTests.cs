using System.Linq;
using AutoGradGen.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradGen.Generators.Tests;

/// <summary>
/// Arrays that a call the generator cannot see into may change: saved whole before the call and put
/// back after its reverse when the reverse sweep reads them again; nothing saved for read-only
/// parameters or arrays nothing reads again; AGG0015 where they cannot be put back.
/// </summary>
public class CallWriteTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using AutoGradGen;

        namespace Demo;

        public static class Helpers
        {
            public static void Scale(Span<double> values, double factor) { for (int i = 0; i < values.Length; i++) values[i] *= factor; }
            public static double Sum(ReadOnlySpan<double> values) { double s = 0; foreach (double v in values) s += v; return s; }
            public static double SumOfList(IReadOnlyList<double> values) { double s = 0; foreach (double v in values) s += v; return s; }
            public static void ScaleRows(double[][] rows) { foreach (double[] row in rows) row[0] *= 2; }
            public static bool Shrink(double[] values) { values[0] *= 0.5; return values[0] > 1; }
            public static double Halve(double[] values) { for (int i = 0; i < values.Length; i++) values[i] *= 0.5; return 1; }
            public static double SortAndFirst(int[] values) { Array.Sort(values); return values[0]; }
            public static void ScaleIn(in Span<double> values, double factor) { for (int i = 0; i < values.Length; i++) values[i] *= factor; }
            public static void FillMemory(Memory<double> values) => values.Span.Fill(1);
            public static void Rotate(double[] values) { double first = values[0]; Array.Copy(values, 1, values, 0, values.Length - 1); values[^1] = first; }
        }

        """;

    [Fact]
    public void A_changed_array_the_reverse_reads_is_saved_before_the_call_and_put_back_after()
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                    Helpers.Scale(x, 2.0);
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                    return s;
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        int keep = gradient.IndexOf("// keep x: the call may change it", System.StringComparison.Ordinal);
        int call = gradient.IndexOf("global::Demo.Helpers.Scale(x, 2.0);", System.StringComparison.Ordinal);
        int putBack = gradient.IndexOf("// put back the arrays a call here may have changed", System.StringComparison.Ordinal);
        Assert.True(keep >= 0 && keep < call && call < putBack, gradient);
        Assert.Contains("x[x.Length - 1 - element", gradient.Substring(putBack));
    }

    [Fact]
    public void Nothing_is_saved_for_read_only_parameters_or_arrays_nothing_reads_again()
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x, [NoDiff] double[] unused)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                    s += Helpers.Sum(x) * w[0];
                    s += Helpers.SumOfList(x) * w[0];
                    Helpers.Scale(unused, 2.0);
                    return s;
                }
            }
            """);
        Assert.DoesNotContain("// keep", generated);
    }

    [Fact]
    public void AGG0015_for_a_call_in_a_loop_condition()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                    while ([|Helpers.Shrink|](x)) s += w[0];
                    return s;
                }
            }
            """, "'Demo.Helpers.Shrink' may change 'x'");

    [Fact]
    public void A_call_in_an_if_condition_gets_its_array_saved_before_the_if_and_put_back_after_it()
    {
        string gradient = GeneratedText.Gradient(GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                    if (Helpers.Shrink(x)) s += w[0] * x[1];
                    return s;
                }
            }
            """), "F");
        int keep = gradient.IndexOf("// keep x", System.StringComparison.Ordinal);
        int condition = gradient.IndexOf("global::Demo.Helpers.Shrink(x)", System.StringComparison.Ordinal);
        int branchReverse = gradient.IndexOf("(as taken in the forward sweep)", System.StringComparison.Ordinal);
        int putBack = gradient.IndexOf("// put back the arrays a call here may have changed", System.StringComparison.Ordinal);
        Assert.True(keep >= 0 && keep < condition && condition < branchReverse && branchReverse < putBack, gradient);
    }

    [Fact]
    public void A_call_in_the_condition_of_a_conditional_expression_is_minded_as_in_the_if_it_becomes()
    {
        // The branch reads x after the call, as C# does; the side that keeps s assigns nothing.
        string gradient = GeneratedText.Gradient(GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                    s = Helpers.Shrink(x) ? s + w[0] * x[1] : s;
                    return s;
                }
            }
            """), "F");
        int keep = gradient.IndexOf("// keep x", System.StringComparison.Ordinal);
        int condition = gradient.IndexOf("global::Demo.Helpers.Shrink(x)", System.StringComparison.Ordinal);
        Assert.True(keep >= 0 && keep < condition, gradient);
        Assert.DoesNotContain("s = s;", gradient);
    }

    [Fact]
    public void A_differentiable_callee_changing_the_inputs_in_a_condition_runs_its_pullback_with_a_zero_seed()
    {
        // Its value decides the branch only, but the change to w carries derivatives.
        string gradient = GeneratedText.Gradient(GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double HalveFirst(double[] v) { v[0] *= 0.5; return v[0] + v[1]; }

                [Differentiable]
                public static double F(double[] w)
                {
                    double s = w[0] * w[1];
                    if (HalveFirst(w) > 1) s += w[0] * w[0];
                    return s + w[0] * w[2];
                }
            }
            """), "F");
        int keep = gradient.IndexOf("// keep w", System.StringComparison.Ordinal);
        int branchReverse = gradient.IndexOf("(as taken in the forward sweep)", System.StringComparison.Ordinal);
        int putBack = gradient.IndexOf("// put back the arrays the call changes, as its pullback runs it again", System.StringComparison.Ordinal);
        int pullback = gradient.IndexOf("global::Demo.Functions.HalveFirstPullback(w, 0.0, wGrad);", System.StringComparison.Ordinal);
        int firstStatement = gradient.LastIndexOf("// double s = w[0] * w[1];", System.StringComparison.Ordinal);
        Assert.True(keep >= 0 && keep < branchReverse && branchReverse < putBack && putBack < pullback && pullback < firstStatement, gradient);
    }

    [Fact]
    public void AGG0015_for_a_differentiable_callee_changing_the_inputs_in_a_loop_condition()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double HalveFirst(double[] v) { v[0] *= 0.5; return v[0] + v[1]; }

                [Differentiable]
                public static double F(double[] w)
                {
                    double s = 0;
                    while ([|HalveFirst|](w) > 1) s += w[0] * w[1];
                    return s;
                }
            }
            """, "'Demo.Functions.HalveFirst' may change 'w'");

    [Fact]
    public void AGG0015_yields_to_pragma_warning_disable()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
            #pragma warning disable AGG0015 // Shrink only halves x[0] where s no longer needs it
                    while (Helpers.Shrink(x)) s += w[0];
            #pragma warning restore AGG0015
                    return s;
                }
            }
            """);
        Assert.Empty(run.Errors);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => !d.IsSuppressed);
    }

    [Fact]
    public void AGG0015_for_a_jagged_array()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] rows)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += w[i] * rows[i][0];
                    [|Helpers.ScaleRows|](rows);
                    return s;
                }
            }
            """, "'Demo.Helpers.ScaleRows' may change 'rows'");

    [Fact]
    public void AGG0015_is_not_reported_when_nothing_reads_the_array_again()
    {
        GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x, [NoDiff] double[][] rows)
                {
                    double s = 0;
                    if (Helpers.Shrink(x)) s += w[0];
                    Helpers.ScaleRows(rows);
                    for (int i = 0; i < w.Length; i++) s += w[i] * rows[i][0] + x[i];
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void AGG0015_for_a_read_beside_the_call_in_one_value()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x) => w[0] * x[0] * [|Helpers.Halve|](x);
            }
            """, "'Demo.Helpers.Halve' may change 'x'");

    [Fact]
    public void AGG0015_for_an_element_whose_index_the_call_changes()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] int[] idx, [NoDiff] double[] c)
                {
                    double s = w[0] * c[0];
                    c[idx[0]] = [|Helpers.SortAndFirst|](idx);
                    return s + w[1] * c[1];
                }
            }
            """, "'Demo.Helpers.SortAndFirst' may change 'idx'");

    [Fact]
    public void An_array_reached_through_a_new_span_is_saved_as_the_array()
    {
        // new Span<T>(x) and new Span<T>(x, start, length) are x and its slice, as x.AsSpan(…) is.
        string gradient = GeneratedText.Gradient(GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = w[0] * x[0] + w[1] * x[1];
                    Helpers.Scale(new Span<double>(x), 2.0);
                    Helpers.Scale(new Span<double>(x, 1, 1), 2.0);
                    return s;
                }
            }
            """), "F");
        Assert.Contains("// keep x: the call may change it", gradient);
        Assert.Contains("global::Demo.Helpers.Scale(x, 2.0);", gradient);
    }

    [Fact]
    public void AGG0015_for_a_read_a_lifted_conditional_moves_before_the_call()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double w, [NoDiff] double[] x, [NoDiff] bool flag) => [|Helpers.Halve|](x) + (flag ? w * x[0] : w);
            }
            """, "'Demo.Helpers.Halve' may change 'x'");

    [Fact]
    public void AGG0015_for_an_array_reached_through_a_new_memory()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = w[0] * x[0];
                    [|Helpers.FillMemory|](new Memory<double>(x));
                    return s;
                }
            }
            """, "'Demo.Helpers.FillMemory' may change 'x'");

    [Fact]
    public void An_in_span_is_saved_and_read_only_array_helpers_are_not()
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x, [NoDiff] double[] y)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        s += w[i] * x[i] * y[i];
                        s += w[i] * Array.IndexOf(y, 0.5) + w[i] * Array.BinarySearch(y, 0.25);
                        Array.Copy(y, x, 1);
                    }

                    Helpers.ScaleIn(x, 2.0);
                    return s;
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        Assert.Contains("// keep x:", gradient);
        Assert.DoesNotContain("// keep y:", gradient);
    }

    [Fact]
    public void A_condition_whose_branch_reads_only_after_the_call_needs_nothing()
    {
        GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double s = 0;
                    if (Helpers.Shrink(x)) s += w[0] * x[0];
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void Saves_of_a_local_array_in_a_counted_loop_share_its_reserved_room()
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, [NoDiff] double[] x, [NoDiff] int rounds)
                {
                    double s = 0;
                    double[] y = new double[w.Length];
                    for (int i = 0; i < w.Length; i++) y[i] = x[i];
                    for (int r = 0; r < rounds; r++)
                    {
                        for (int i = 0; i < w.Length; i++) s += w[i] * w[i] * y[i];
                        Helpers.Rotate(y);
                    }

                    return s;
                }

                [Differentiable]
                public static double H(ReadOnlySpan<double> w, [NoDiff] double[] x, [NoDiff] int rounds)
                {
                    double s = 0;
                    for (int r = 0; r < rounds; r++)
                    {
                        for (int i = 0; i < w.Length; i++) s += w[i] * w[i] * x[i];
                        Helpers.Rotate(x);
                    }

                    return s;
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        Assert.Contains("y.Length", GeneratedText.Between(gradient, "ValueTape.Reserve(", "while (r < rounds)"));
        Assert.DoesNotContain("Reserve(", GeneratedText.Between(gradient, "while (r < rounds)", "global::Demo.Helpers.Rotate(y);"));

        // A parameter may be null where nothing reads it (rounds = 0): its length is read only where it is saved.
        string parameterGradient = GeneratedText.Gradient(generated, "H");
        Assert.DoesNotContain("x.Length", GeneratedText.Between(parameterGradient, "HGradient(", "while (r < rounds)"));
        Assert.Contains("+ global::AutoGradGen.Tapes.AdjointArrays.LengthOrZero<double>(x)", GeneratedText.Between(parameterGradient, "while (r < rounds)", "global::Demo.Helpers.Rotate(x);"));
    }

    [Fact]
    public void AGG0015_for_a_call_that_may_not_run()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x, [NoDiff] bool flag)
                {
                    double s = w[0] * x[0];
                    bool changed = flag && [|Helpers.Shrink|](x);
                    return changed ? s : 2 * s;
                }
            }
            """, "'Demo.Helpers.Shrink' may change 'x'");

    [Fact]
    public void AGG0015_for_an_element_target_whose_index_the_call_changes()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] int[] order)
                {
                    double[] y = new double[2];
                    y[order[0]] = w[0] * [|Helpers.SortAndFirst|](order);
                    return y[0] + y[1];
                }
            }
            """, "'Demo.Helpers.SortAndFirst' may change 'order'");

    [Fact]
    public void An_array_behind_a_wrapper_is_AGG0007_when_it_carries_derivatives_and_AGG0006_in_a_local()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double w)
                {
                    double[] y = new double[1];
                    y[0] = w;
                    Helpers.FillMemory(new Memory<double>(y));
                    return y[0] * w;
                }

                [Differentiable]
                public static double G(double w, [NoDiff] double[] x)
                {
                    IList<double> view = x;
                    return w * x[0] + view.Count;
                }

                [Differentiable]
                public static double H(double w, [NoDiff] bool c)
                {
                    double[] y = new double[1];
                    double[] z = new double[1];
                    y[0] = w;
                    Helpers.FillMemory(c ? new Memory<double>(z) : new Memory<double>(y));
                    return y[0] * w;
                }
            }
            """);
        Assert.Equal(2, run.GeneratorDiagnostics.Count(d => d.Id == "AGG0007" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("FillMemory", System.StringComparison.Ordinal)));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "AGG0007" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("FillMemory", System.StringComparison.Ordinal));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "AGG0006" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("referring to an array", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_differentiable_callee_that_only_reads_its_array_parameters_needs_no_save()
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double Inner(ReadOnlySpan<double> w, [NoDiff] double[] x, [NoDiff] Span<double> y)
                {
                    double s = 0;
                    foreach (double v in x) s += v;
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i] * y[i] + Helpers.Sum(x.AsSpan(0, i)) + Helpers.Sum(y.Slice(0, i));
                    return s * x.Length;
                }

                [Differentiable]
                public static double Outer(ReadOnlySpan<double> w, [NoDiff] double[] x, [NoDiff] double[] y) => Inner(w, x, y);

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x, [NoDiff] double[] y)
                {
                    double a = Inner(w, x, y);
                    double b = Outer(w, x, y);
                    return a * b + w[0] * x[0];
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        Assert.DoesNotContain("// keep", gradient);
        Assert.DoesNotContain("put back", gradient);
    }

    [Theory]
    [InlineData("counts[0] += 1;")]
    [InlineData("counts[0]++;")]
    [InlineData("Helpers.Scale(counts, 2.0);")]
    [InlineData("counts.AsSpan().Fill(1);")]
    [InlineData("Bump(w, counts);")]
    public void A_differentiable_callee_that_writes_its_nodiff_array_gets_it_put_back_around_its_pullback(string write)
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double Bump(ReadOnlySpan<double> w, [NoDiff] double[] counts)
                {
                    counts[0] += 1;
                    return w[0] * counts[0];
                }

                [Differentiable]
                public static double Count(ReadOnlySpan<double> w, [NoDiff] double[] counts)
                {
                    double before = w[0] * counts[0];
            """ + write + """

                    return before + w[0] * counts[0];
                }

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] counts)
                {
                    double a = Count(w, counts);
                    return a * w[1];
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        int keep = gradient.IndexOf("// keep counts", System.StringComparison.Ordinal);
        int call = gradient.IndexOf("global::Demo.Functions.Count(w, counts)", System.StringComparison.Ordinal);
        int putBack = gradient.IndexOf("// put back the arrays the call changes, as its pullback runs it again", System.StringComparison.Ordinal);
        int pullback = gradient.IndexOf("global::Demo.Functions.CountPullback(", System.StringComparison.Ordinal);
        Assert.True(keep >= 0 && keep < call && call < putBack && putBack < pullback, gradient);
        Assert.Contains("global::AutoGradGen.Tapes.AdjointArrays.Copy<double>(new global::System.Span<double>(before, 0, global::AutoGradGen.Tapes.AdjointArrays.LengthOrZero<double>(counts)), counts);", gradient.Substring(pullback));
        Assert.DoesNotContain("// put back the arrays a call here may have changed", gradient);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_callee_in_another_assembly_is_judged_by_the_array_writes_its_pullback_lists(bool writes)
    {
        // The library's generator lists what Count writes on CountPullback; the caller's reads it there.
        (MetadataReference library, string libraryGenerated) = GeneratorHarness.Library(Usings.Replace("namespace Demo;", "namespace Lib;") + $$"""
            public static partial class Counting
            {
                [Differentiable]
                public static double Count(ReadOnlySpan<double> w, [NoDiff] double[] counts, [NoDiff] double[] scales)
                {
                    {{(writes ? "counts[0] += 1;" : string.Empty)}}
                    return w[0] * counts[0] * scales[0];
                }
            }
            """);
        Assert.Contains(writes ? "[global::AutoGradGen.WritesArrayParameters(3, \"counts\")]" : "[global::AutoGradGen.WritesArrayParameters(3)]", libraryGenerated);

        GeneratorRun run = GeneratorHarness.RunReferencing(library, Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] counts, [NoDiff] double[] scales)
                {
                    double a = Lib.Counting.Count(w, counts, scales);
                    return a * w[1];
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
        string gradient = GeneratedText.Gradient(run.SingleSource, "F");
        Assert.Equal(writes, gradient.Contains("// keep counts", System.StringComparison.Ordinal));
        Assert.DoesNotContain("// keep scales", gradient);
    }

    [Theory]
    [InlineData("double[] y = w; Span<double> v = w.AsSpan(1); foreach (double[] row in rows) s += row[0]; return s + y[0] * v[0];", false)]
    [InlineData("Span<double> v = w.AsSpan(1); v[0] = 1.5; return s;", true)]
    [InlineData("foreach (double[] row in rows) row[0] = 2.0; return s;", true)]
    public void A_view_of_an_array_parameter_counts_as_a_write_only_where_it_is_written_through(string body, bool writes)
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F([NoDiff] double[] w, [NoDiff] double[][] rows, double s)
                {
            """ + body + """
                }
            }
            """);
        Assert.Contains(writes ? "[global::AutoGradGen.WritesArrayParameters(3, \"" : "[global::AutoGradGen.WritesArrayParameters(3)]", generated);
    }

    [Fact]
    public void A_callee_in_another_assembly_is_told_from_a_longer_overload_by_its_parameter_count()
    {
        // The longer overload's pullback also begins with (w, counts); declared first, it must not lend its list.
        (MetadataReference library, _) = GeneratorHarness.Library(Usings.Replace("namespace Demo;", "namespace Lib;") + """
            public static partial class Counting
            {
                [Differentiable]
                public static double Count(ReadOnlySpan<double> w, [NoDiff] double[] counts, double s) => w[0] * counts[0] * s;

                [Differentiable]
                public static double Count(ReadOnlySpan<double> w, [NoDiff] double[] counts)
                {
                    counts[0] += 1;
                    return w[0] * counts[0];
                }
            }
            """);
        GeneratorRun run = GeneratorHarness.RunReferencing(library, Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] counts)
                {
                    double a = Lib.Counting.Count(w, counts);
                    return a * w[1];
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
        Assert.Contains("// keep counts", GeneratedText.Gradient(run.SingleSource, "F"));
    }

    [Fact]
    public void AGG0015_for_a_differentiable_callee_whose_array_the_same_value_reads()
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double Count(ReadOnlySpan<double> w, [NoDiff] double[] counts)
                {
                    counts[0] += 1;
                    return w[0] * counts[0];
                }

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] counts) => w[0] * counts[0] * [|Count|](w, counts);
            }
            """, "'Demo.Functions.Count' may change 'counts'");

    [Fact]
    public void AGG0016_for_values_that_carry_derivatives_stored_in_a_nodiff_array_whose_gradient_gets_its_own_adjoint()
    {
        (string source, TextSpan span) = Markup.Parse(Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] [|scratch|])
                {
                    scratch[0] = w[0] * w[0];
                    return scratch[0] * w[1];
                }
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Errors);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGG0016", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("gets no derivatives through it", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("scratchBar = global::AutoGradGen.Tapes.AdjointArrays.RentFor<double>(scratch);", GeneratedText.Gradient(run.SingleSource, "F"));
    }

    [Theory]
    [InlineData("state[0][i] = 0.5 * state[0][i] + 1;")]
    [InlineData("foreach (double[] row in state) row[i] += 1;")]
    public void AGG0015_for_a_differentiable_callee_writing_a_row_of_a_jagged_nodiff_array(string write)
        => AssertWarning("""
            public static partial class Functions
            {
                [Differentiable]
                public static double Step(ReadOnlySpan<double> w, [NoDiff] double[][] state)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
            """ + write + """

                        s += state[0][i] * w[i] * w[i];
                    }

                    return s;
                }

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] state)
                {
                    double a = [|Step|](w, state);
                    return a * w[0];
                }
            }
            """, "'Demo.Functions.Step' may change 'state'");

    [Fact]
    public void AGG0004_for_values_that_carry_derivatives_stored_in_a_jagged_nodiff_array()
    {
        (string source, TextSpan span) = Markup.Parse(Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] [|work|])
                {
                    work[0][0] = w[0] * w[0];
                    return work[0][0] * w[1];
                }
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGG0004", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("jagged [NoDiff] array", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_jagged_nodiff_trace_nothing_reads_back_is_only_AGG0016()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] trace)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) { s += w[i] * w[i]; trace[0][i] = s; }
                    return s;
                }
            }
            """);
        Assert.Empty(run.Errors);
        Assert.Equal("AGG0016", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Contains("FGradient(", run.SingleSource);
    }

    [Fact]
    public void A_saved_parameter_array_may_be_null_where_the_call_leaves_it_alone()
    {
        string generated = GenerateClean("""
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x)
                {
                    double[] y = new double[w.Length];
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) { y[i] = x[i] * x[i]; s += w[i] * x[i] + y[i] * w[i]; }
                    Helpers.Scale(x, 2.0);
                    Helpers.Scale(y, 0.5);
                    for (int i = 0; i < w.Length; i++) s += w[i] * x[i] + y[i] * w[i];
                    return s;
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        Assert.Contains("element < global::AutoGradGen.Tapes.AdjointArrays.LengthOrZero<double>(x);", gradient);
        Assert.DoesNotContain("LengthOrZero<double>(y)", gradient); // created here: never null
    }

    [Fact]
    public void A_slice_of_a_jagged_row_with_a_computed_index_names_only_the_index_and_bounds()
    {
        string generated = GenerateClean($$"""
            public static partial class Functions
            {
                {{InnerCallee}}

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] rows, [NoDiff] int k, [NoDiff] int m)
                {
                    double a = Inner(w, rows[Math.Min(k, 1)].AsSpan(0, Math.Min(m, w.Length)));
                    return a * w[0];
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        Assert.Contains("int row = global::System.Math.Min(k, 1);", gradient);
        Assert.Contains("int length = global::System.Math.Min(m, w.Length);", gradient);
        Assert.DoesNotContain("global::System.Span<double> value", gradient);

        // A bound that reads the row reads the named one: its index is computed once.
        string tail = GeneratedText.Gradient(GenerateClean($$"""
            public static partial class Functions
            {
                {{InnerCallee}}

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] rows, [NoDiff] int k) => Inner(w, rows[Math.Min(k, 1)].AsSpan(1)) * w[0];
            }
            """), "F");
        Assert.Single(tail.Split('\n'), line => !line.TrimStart().StartsWith("//", System.StringComparison.Ordinal) && line.Contains("Math.Min(k, 1)", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_slice_with_a_computed_bound_keeps_naming_its_array_so_later_changes_are_saved()
    {
        string generated = GenerateClean($$"""
            public static partial class Functions
            {
                {{InnerCallee}}

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] x, [NoDiff] int n)
                {
                    double a = Inner(w, x.AsSpan(0, Math.Min(n, x.Length)));
                    Helpers.Scale(x, 2.0);
                    return a * Inner(w, x);
                }
            }
            """);
        string gradient = GeneratedText.Gradient(generated, "F");
        Assert.Contains("int length = global::System.Math.Min(n, x.Length);", gradient);
        Assert.Contains("// keep x: the call may change it", gradient);
        Assert.DoesNotContain("global::System.Span<double> value", gradient);
    }

    /// <summary>Σ wᵢ xᵢ², a [Differentiable] callee taking spans, for tests that pass it slices.</summary>
    private const string InnerCallee = """
        [Differentiable]
        public static double Inner(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += w[i] * x[i] * x[i];
            return s;
        }
        """;

    /// <summary>Generates with no diagnostic and no compile error, and returns the generated file.</summary>
    private static string GenerateClean(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
        return run.SingleSource;
    }

    private static void AssertWarning(string markup, string messageContains)
    {
        (string source, TextSpan span) = Markup.Parse(Usings + markup);
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Assert.Empty(run.Errors);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGG0015", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains(messageContains, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
