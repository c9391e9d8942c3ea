using System.Linq;
using AutoGradGen.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoGradGen.Generators.Tests;

/// <summary>One test per diagnostic of the catalog: its ID, severity and exact location.</summary>
public class DiagnosticTests
{
    private const string Usings = "using System;\nusing AutoGradGen;\n";

    [Fact]
    public void AGG0001_containing_type_not_partial()
        => AssertDiagnostic("AGG0001", """
            public static class [|Losses|]
            {
                [Differentiable] public static double F(double x) => x * x;
            }
            """);

    [Fact]
    public void AGG0001_outer_type_not_partial()
        => AssertDiagnostic("AGG0001", """
            public class [|Outer|]
            {
                public static partial class Inner
                {
                    [Differentiable] public static double F(double x) => x * x;
                }
            }
            """);

    [Fact]
    public void AGG0002_method_not_static()
        => AssertDiagnostic("AGG0002", """
            public partial class Model
            {
                [Differentiable] public double [|F|](double x) => x * x;
            }
            """);

    [Fact]
    public void AGG0003_unsupported_return_type()
        => AssertDiagnostic("AGG0003", """
            public static partial class Losses
            {
                [Differentiable] public static [|int|] F(double x) => (int)x;
            }
            """);

    [Fact]
    public void AGG0004_unsupported_parameter()
        => AssertDiagnostic("AGG0004", """
            public static partial class Losses
            {
                [Differentiable] public static double F(double x, [|ref double y|]) => x * y;
            }
            """);

    [Fact]
    public void AGG0005_unsupported_statement_points_at_the_keyword()
        => AssertDiagnostic("AGG0005", """
            public static partial class Losses
            {
                [Differentiable]
                public static double F(double x)
                {
                    double s = 0;
                    [|switch|] ((int)x)
                    {
                        case 1: s = x; break;
                        default: s = 2 * x; break;
                    }

                    return s;
                }
            }
            """, messageContains: "'switch' statement");

    [Fact]
    public void AGG0006_unsupported_expression_points_at_the_expression()
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                [Differentiable]
                public static double F(double x)
                {
                    double y = [|x switch { > 0 => x, _ => -x }|];
                    return y;
                }
            }
            """, messageContains: "switch expression");

    [Fact]
    public void AGG0006_for_a_slice_to_the_end_whose_start_calls_a_method()
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                public static int Next(int[] cursor) => cursor[0]++ % 2;

                [Differentiable]
                public static double F(double[] w, [NoDiff] int[] cursor) => [|w.AsSpan(Next(cursor))|][0] * w[1];
            }
            """, messageContains: "compute the start into a local first");

    [Fact]
    public void AGG0006_for_a_view_assigned_again()
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                [Differentiable]
                public static double F(double[] w)
                {
                    ReadOnlySpan<double> view = w.AsSpan(0, 2);
                    [|view|] = w.AsSpan(1, 2);
                    return view[0] * view[1];
                }
            }
            """, messageContains: "Assigning an array or span variable after its declaration");

    [Fact]
    public void AGG0006_for_a_view_of_a_call_result()
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                public static double[] Draw(int[] cursor) => new double[] { cursor[0]++, 2.0 };

                [Differentiable]
                public static double F(double[] w, [NoDiff] int[] cursor)
                {
                    ReadOnlySpan<double> [|drawn = Draw(cursor).AsSpan(0, 2)|];
                    return w[0] * drawn[0] + w[1] * drawn[1];
                }
            }
            """, messageContains: "nor another name for an array, a slice or a jagged row");

    [Theory]
    [InlineData("SwapFirstRows(data);")]
    [InlineData("double[][] alias = data; SwapFirstRows(alias);")]
    public void AGG0006_for_a_row_kept_while_a_method_that_may_replace_it_is_given_the_jagged_array(string call)
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                public static void SwapFirstRows(double[][] rows) => (rows[0], rows[1]) = (rows[1], rows[0]);

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] data)
                {
                    double[] [|first = data[0]|];
            """ + call + """
                    return w[0] * first[0];
                }
            }
            """, messageContains: "'SwapFirstRows' is given the array (it may replace the row)");

    [Fact]
    public void AGG0007_for_a_copy_within_one_array_that_carries_derivatives()
        => AssertDiagnostic("AGG0007", """
            public static partial class Losses
            {
                [Differentiable]
                public static double F(double[] w)
                {
                    double[] u = new double[3];
                    u[0] = w[0];
                    u[1] = w[1];
                    [|u.AsSpan(0, 2).CopyTo|](u.AsSpan(1));
                    return u[2] * u[0];
                }
            }
            """, messageContains: "'CopyTo'");

    [Fact]
    public void AGG0006_for_an_array_created_in_a_loop_at_a_length_the_iteration_sets()
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                [Differentiable]
                public static double F(double[] w)
                {
                    double s = 0;
                    for (int r = 0; r < 3; r++)
                    {
                        int m = 1 + r;
                        double[] [|acc = new double[m]|];
                        acc[m - 1] = w[0];
                        s += acc[m - 1] * acc[0];
                    }

                    return s;
                }
            }
            """, messageContains: "a length that changes from one iteration to the next");

    [Fact]
    public void AGG0005_for_a_foreach_over_rows_while_a_method_that_may_replace_them_is_given_the_array()
        => AssertDiagnostic("AGG0005", """
            public static partial class Losses
            {
                public static void SwapFirstRows(double[][] rows) => (rows[0], rows[1]) = (rows[1], rows[0]);

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[][] data)
                {
                    double s = 0;
                    [|foreach|] (double[] row in data)
                    {
                        SwapFirstRows(data);
                        s += w[0] * row[0];
                    }

                    return s;
                }
            }
            """, messageContains: "'SwapFirstRows' is given the array");

    [Fact]
    public void AGG0005_for_a_foreach_with_a_ref_variable()
        => AssertDiagnostic("AGG0005", """
            public static partial class Losses
            {
                [Differentiable]
                public static double F(double[] w)
                {
                    double[] a = new double[2];
                    a[0] = w[0];
                    [|foreach|] (ref double v in a.AsSpan())
                    {
                        v *= 3;
                    }

                    return a[0];
                }
            }
            """, messageContains: "ref variable");

    [Fact]
    public void AGG0006_for_a_user_method_named_like_a_slice()
        => AssertDiagnostic("AGG0006", """
            public static class Copies
            {
                public static double[] Slice(this double[] a, int start, int length) => a.AsSpan(start, length).ToArray();
            }

            public static partial class Losses
            {
                [Differentiable]
                public static double F(double[] w)
                {
                    double[] [|part = w.Slice(1, 1)|];
                    return part[0] * w[0];
                }
            }
            """, messageContains: "nor another name for an array");

    [Fact]
    public void AGG0007_call_without_derivative_names_the_method_and_the_fix()
        => AssertDiagnostic("AGG0007", """
            public static class Helpers
            {
                public static double Squash(double v) => v / (1 + Math.Abs(v));
            }

            public static partial class Losses
            {
                [Differentiable]
                public static double F(double x) => 2 * [|Helpers.Squash|](x);
            }
            """, messageContains: "mark it [Differentiable]");

    [Fact]
    public void AGG0007_is_not_reported_for_inactive_arguments()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static class Helpers
            {
                public static double Squash(double v) => v / (1 + Math.Abs(v));
            }

            public static partial class Losses
            {
                [Differentiable]
                public static double F(double x, [NoDiff] double c, int n) => x * Helpers.Squash(c) + Helpers.Squash(n);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
    }

    [Theory]
    [InlineData("[|Square|](y, y);")]
    [InlineData("[|Square|](y.AsSpan(0, 2), y.AsSpan(1, 2));")]
    public void AGG0006_for_an_in_place_kernel_call(string call)
        => AssertDiagnostic("AGG0006", $$"""
            public static partial class Layers
            {
                {{SquareKernel}}

                [Differentiable]
                public static double F(double[] w)
                {
                    double[] y = new double[w.Length];
                    for (int i = 0; i < w.Length; i++) y[i] = w[i] + 1;
            """ + call + """

                    double s = 0;
                    for (int i = 0; i < y.Length; i++) s += y[i] * w[i];
                    return s;
                }
            }
            """, messageContains: "both as an output and as another argument");

    [Fact]
    public void AGG0006_for_an_array_argument_chosen_by_a_conditional()
        => AssertDiagnostic("AGG0006", $$"""
            public static partial class Losses
            {
                {{DotCallee}}

                [Differentiable]
                public static double F(double[] w, double[] v, [NoDiff] bool c) => [|Dot|](c ? w : v, w);
            }
            """, messageContains: "not an array, a slice or a jagged row");

    [Theory]
    [InlineData("(c ? w : v)[1]")]
    [InlineData("(c ? w : v).AsSpan()[1]")]
    [InlineData("new ReadOnlySpan<double>(c ? w : v)[1]")]
    public void AGG0006_for_an_element_of_an_array_chosen_by_a_conditional(string element)
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                [Differentiable]
                public static double [|F|](double[] w, double[] v, [NoDiff] bool c) => w[0] * 
            """ + element + """
            ;
            }
            """, messageContains: "of an array chosen by an expression");

    [Fact]
    public void AGG0006_for_a_kernel_writing_a_static_array()
        => AssertDiagnostic("AGG0006", $$"""
            public static partial class Layers
            {
                private static readonly double[] Buffer = new double[3];

                {{SquareKernel}}

                [Differentiable]
                public static double F(double[] w)
                {
                    [|Square|](w, Buffer);
                    return Buffer[0] * w[0];
                }
            }
            """, messageContains: "that is not a local or parameter");

    [Fact]
    public void Constant_arrays_chosen_or_created_for_a_callee_are_fine()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + $$"""
            public static partial class Losses
            {
                {{DotCallee}}

                [Differentiable]
                public static double F(double[] w, [NoDiff] double[] pos, [NoDiff] double[] neg, [NoDiff] int[] idx, [NoDiff] int[] jdx, [NoDiff] bool c)
                    => Dot(w[0] > 0 ? pos : neg, w) + Dot(new double[w.Length], w) + (w[0] > 0 ? pos : neg)[0] * w[1] + w[(c ? idx : jdx)[0]];
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void AGG0006_for_a_write_into_a_static_array()
        => AssertDiagnostic("AGG0006", """
            public static partial class Losses
            {
                private static readonly double[] Coefficients = { 1.5, -0.5 };

                [Differentiable]
                public static double F(double[] w)
                {
                    double s = w[0] * Coefficients[0];
                    [|Coefficients[0]|] += 1;
                    return s + w[1] * Coefficients[0];
                }
            }
            """, messageContains: "not a local or parameter");

    [Fact]
    public void A_kernel_writing_a_separate_array_is_not_in_place()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + $$"""
            public static partial class Layers
            {
                {{SquareKernel}}

                [Differentiable]
                public static double F(double[] w)
                {
                    double[] y = new double[w.Length];
                    double[] z = new double[w.Length];
                    Square(w, y);
                    Square(y, z);
                    Square(z.AsSpan(0, 1), z.AsSpan(1, 1)); // adjacent slices of one array do not overlap
                    return z[0] * y[0] * z[1];
                }

                [Differentiable]
                public static double G(double[][] h, double[] w)
                {
                    Square(h[0], h[1]); // rows at different indices are different arrays
                    double[] unused = new double[w.Length];
                    for (int i = 0; i < w.Length; i++) unused[i] = w[i];
                    Square(unused, unused); // in place, but nothing the result depends on
                    return h[1][0] + w[0] * w[0];
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void AGG0013_active_value_to_a_NoDiff_parameter()
        => AssertDiagnostic("AGG0013", """
            public static partial class Losses
            {
                [Differentiable] public static double Scale(double x, [NoDiff] double c) => c * x;

                [Differentiable] public static double F(double x) => [|Scale|](x, 0.5 * x + 1.0);
            }
            """, messageContains: "parameter 'c'");

    [Fact]
    public void AGG0013_is_not_reported_for_constant_arguments()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static partial class Losses
            {
                [Differentiable] public static double Scale(double x, [NoDiff] double c) => c * x;

                [Differentiable] public static double F(double x, [NoDiff] double k) => Scale(x, 2.0 * k);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void AGG0014_registration_with_the_wrong_adjoint_type()
    {
        (string source, TextSpan span) = Markup.Parse(Usings + """
            public static class Library
            {
                public static double Scale(double x, double factor) => x * factor;
            }

            public static partial class Derivatives
            {
                [[|DerivativeOf(typeof(Library), nameof(Library.Scale))|]]
                public static void ScalePullback(double x, double factor, double seed, ref double xAdjoint, double factorAdjoint)
                {
                    xAdjoint += seed * factor;
                }
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGG0014", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("must be ref double", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("where T : System.Numerics.INumber<T>", "type parameter 'T' must be constrained")]
    [InlineData("where T : System.Numerics.IFloatingPointIeee754<T> where U : System.Numerics.IFloatingPointIeee754<U>", "as many type parameters (1)")]
    [InlineData("where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>", "and nothing else")]
    [InlineData("where T : System.Numerics.IBinaryFloatingPointIeee754<T>", "and nothing else")]
    public void AGG0014_generic_registration_with_the_wrong_type_parameters(string constraints, string message)
    {
        string typeParameters = constraints.Contains("where U", System.StringComparison.Ordinal) ? "<T, U>" : "<T>";
        AssertDiagnostic("AGG0014", """
            public static class Library
            {
                public static T Square<T>(T x) where T : System.Numerics.INumber<T> => x * x;
            }

            public static partial class Derivatives
            {
                [[|DerivativeOf(typeof(Library), nameof(Library.Square))|]]
                public static void SquarePullback
            """ + typeParameters + "(T x, T seed, ref T xAdjoint) " + constraints + """

                {
                    xAdjoint += seed * (x + x);
                }
            }
            """, message);
    }

    [Fact]
    public void AGG0014_registration_for_a_method_of_a_generic_type()
        => AssertDiagnostic("AGG0014", """
            public static class Library<T>
            {
                public static double Scale(double x) => 2 * x;
            }

            public static partial class Derivatives
            {
                [[|DerivativeOf(typeof(Library<double>), nameof(Library<double>.Scale))|]]
                public static void ScalePullback(double x, double seed, ref double xAdjoint) => xAdjoint += 2 * seed;
            }
            """, "generic types are not supported");

    [Fact]
    public void AGG0007_for_a_generic_registration_called_at_a_type_that_is_not_floating()
        => AssertDiagnostic("AGG0007", """
            public static class Library
            {
                public static double Scale<T>(double x, T unit) where T : System.Numerics.INumber<T> => x * double.CreateChecked(unit);
            }

            public static partial class Derivatives
            {
                [DerivativeOf(typeof(Library), nameof(Library.Scale))]
                public static void ScalePullback<T>(double x, [NoDiff] T unit, double seed, ref double xAdjoint)
                    where T : System.Numerics.IFloatingPointIeee754<T> => xAdjoint += seed * double.CreateChecked(unit);

                [Differentiable] public static double G(double x) => [|Library.Scale<int>|](x, 3);
            }
            """);

    [Fact]
    public void AGG0014_registration_naming_a_missing_method()
    {
        (string source, TextSpan span) = Markup.Parse(Usings + """
            public static partial class Derivatives
            {
                [[|DerivativeOf(typeof(Math), "NoSuchFunction")|]]
                public static void Pullback(double x, double seed, ref double xAdjoint) => xAdjoint += seed;
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGG0014", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
    }

    [Fact]
    public void A_valid_registration_makes_a_call_differentiable()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static class Library
            {
                public static double Scale(double x, double factor) => x * factor;
            }

            public static partial class Derivatives
            {
                [DerivativeOf(typeof(Library), nameof(Library.Scale))]
                public static void ScalePullback(double x, [NoDiff] double factor, double seed, ref double xAdjoint) => xAdjoint += seed * factor;

                [Differentiable] public static double F(double x) => Library.Scale(x, 3.0) * x;
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
        Assert.Contains("global::Derivatives.ScalePullback(", run.SingleSource);
    }

    [Fact]
    public void AGG0008_name_clash_with_existing_member()
        => AssertDiagnostic("AGG0008", """
            public static partial class Losses
            {
                [Differentiable] public static double [|F|](double x) => x * x;

                public static int FGradient => 3;
            }
            """, messageContains: "FGradient");

    [Fact]
    public void AGG0010_unconstrained_type_parameter()
        => AssertDiagnostic("AGG0010", """
            public static partial class Losses
            {
                [Differentiable] public static double F<[|T|]>(double x) => x * x;
            }
            """, messageContains: "IFloatingPointIeee754<T>");

    /// <summary>INumber&lt;T&gt; admits integers, which have no derivative: the constraint must be floating.</summary>
    [Fact]
    public void AGG0010_type_parameter_not_floating()
        => AssertDiagnostic("AGG0010", """
            public static partial class Losses
            {
                [Differentiable] public static T F<[|T|]>(T x) where T : System.Numerics.INumber<T> => x * x;
            }
            """, messageContains: "'T' of differentiable method 'F'");

    [Fact]
    public void AGG0011_method_without_body()
        => AssertDiagnostic("AGG0011", """
            public abstract partial class Losses
            {
                [Differentiable] public static extern double [|F|](double x);
            }
            """);

    [Fact]
    public void AGG0012_warns_when_nothing_is_differentiable()
    {
        (string source, TextSpan span) = Markup.Parse(Usings + """
            public static partial class Losses
            {
                [Differentiable] public static double [|F|]([NoDiff] double x, int n) => x * n;
            }
            """);
        GeneratorRun run = GeneratorHarness.Run(source);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("AGG0012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.Errors); // the gradient (value only) still compiles
    }

    [Fact]
    public void Every_descriptor_has_help_text_and_a_release_entry()
    {
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(
            RepositoryPaths.Root, "generators", "AutoGradGen.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (DiagnosticDescriptor descriptor in Diagnostics.DiagnosticDescriptors.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), descriptor.Id);
            Assert.Contains(descriptor.Id + " |", releases);
        }
    }

    [Fact]
    public void AGG0009_internal_failure_names_the_method_and_others_still_generate()
    {
        MethodCompiler.FaultInjectionMethodName = "Broken_4f1c";
        try
        {
            (string source, TextSpan span) = Markup.Parse(Usings + """
                public static partial class Losses
                {
                    [Differentiable] public static double Good(double x) => x * x;

                    [Differentiable] public static double [|Broken_4f1c|](double x) => x * x * x;
                }
                """);
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Null(run.Exception);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("AGG0009", diagnostic.Id);
            Assert.Equal(span, diagnostic.Location.SourceSpan);
            Assert.Contains("Broken_4f1c", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("GoodGradient", run.SingleSource);
        }
        finally
        {
            MethodCompiler.FaultInjectionMethodName = null;
        }
    }

    [Fact]
    public void Unsupported_code_in_one_method_does_not_stop_the_others()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static partial class Losses
            {
                [Differentiable] public static double Good(double x) => x * x;

                [Differentiable]
                public static double Bad(double x)
                {
                    switch ((int)x) { case 0: return x; default: return -x; }
                }
            }
            """);
        Assert.Null(run.Exception);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "AGG0005");
        Assert.Contains("GoodGradient", run.SingleSource);
        Assert.DoesNotContain("BadGradient", run.SingleSource);
    }

    /// <summary>Σ aᵢ bᵢ over two spans: a callee for the argument checks.</summary>
    private const string DotCallee = """
        [Differentiable]
        public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }
        """;

    /// <summary>y = x², elementwise: a kernel with one input and one output.</summary>
    private const string SquareKernel = """
        [Differentiable]
        public static void Square(ReadOnlySpan<double> x, Span<double> y)
        {
            for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i];
        }
        """;

        private static void AssertDiagnostic(string id, string markup, string? messageContains = null)
    {
        (string source, TextSpan span) = Markup.Parse(Usings + markup);
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics.Where(d => d.Id == id));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Test.cs", diagnostic.Location.SourceTree?.FilePath ?? diagnostic.Location.GetLineSpan().Path);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
