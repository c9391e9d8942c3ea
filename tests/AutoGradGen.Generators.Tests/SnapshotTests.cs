using AutoGradGen.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace AutoGradGen.Generators.Tests;

/// <summary>The emitted code of representative methods, compared with checked-in snapshots.</summary>
public class SnapshotTests
{
    private const string Usings = "using System;\nusing AutoGradGen;\n\nnamespace Demo;\n\n";

    [Fact]
    public void Overwritten_local_and_branches()
        => Verify(nameof(Overwritten_local_and_branches), """
            public static partial class Functions
            {
                [Differentiable]
                public static double Overwrites(double x, double y)
                {
                    double t = x * y;
                    t = Math.Sin(t) + x;
                    if (t > 1)
                    {
                        return t * t;
                    }

                    return t / y;
                }
            }
            """);

    [Fact]
    public void Calls_chained_through_pullbacks()
        => Verify(nameof(Calls_chained_through_pullbacks), """
            public static partial class Functions
            {
                [Differentiable]
                public static double Softplus(double z)
                {
                    double magnitude = Math.Abs(z);
                    return Math.Max(z, 0) + Math.Log(1 + Math.Exp(-magnitude));
                }

                [Differentiable]
                public static double LogisticLoss(double w, double b, [NoDiff] double feature, int label)
                {
                    double logit = w * feature + b;
                    return label == 1 ? Softplus(-logit) : Softplus(logit);
                }
            }
            """);

    [Fact]
    public void Small_callee_inlined()
        => Verify(nameof(Small_callee_inlined), """
            public static partial class Functions
            {
                [Differentiable]
                public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

                /// <summary>Sigmoid is a single expression: inlined, so its exp is recorded rather than recomputed.</summary>
                [Differentiable]
                public static double Gate(double w, double x, double b) => Sigmoid(w * x + b) * x;
            }
            """);

    [Fact]
    public void Float_method_with_conversions_and_a_reassigned_parameter()
        => Verify(nameof(Float_method_with_conversions_and_a_reassigned_parameter), """
            public static partial class Functions
            {
                [Differentiable]
                public static float Scaled(float x, double scale, int n)
                {
                    x = x * (float)scale;
                    float y = MathF.Exp(x) / n;
                    y += (float)Math.Sqrt(scale);
                    return y;
                }
            }
            """);

    [Fact]
    public void Nested_types_early_returns_and_a_nested_conditional()
        => Verify(nameof(Nested_types_early_returns_and_a_nested_conditional), """
            public partial class Outer
            {
                internal partial struct Inner
                {
                    [Differentiable]
                    internal static double Huber(double residual, [NoDiff] double delta)
                    {
                        if (delta <= 0)
                        {
                            throw new ArgumentOutOfRangeException(nameof(delta), $"delta must be positive, was {delta}");
                        }

                        double a = Math.Abs(residual);
                        if (a <= delta)
                        {
                            return 0.5 * residual * residual;
                        }

                        return delta * (a - 0.5 * delta) + (residual > 10 ? residual : 0.0) * 1e-3;
                    }
                }
            }
            """);

    [Fact]
    public void Loop_with_a_saved_value()
        => Verify(nameof(Loop_with_a_saved_value), """
            public static partial class Functions
            {
                /// <summary>A running maximum: m is carried from one iteration to the next, so it is saved.</summary>
                [Differentiable]
                public static double SoftenedMax(ReadOnlySpan<double> x)
                {
                    double m = x[0];
                    for (int i = 1; i < x.Length; i++)
                    {
                        m = Math.Max(m, x[i]) + 0.1 * Math.Sin(m);
                    }

                    return m;
                }
            }
            """);

    [Fact]
    public void Loop_with_a_recomputed_value()
        => Verify(nameof(Loop_with_a_recomputed_value), """
            public static partial class Functions
            {
                /// <summary>The scaled residual is cheap and its inputs do not change: recomputed, not saved.</summary>
                [Differentiable]
                public static double WeightedSquares(ReadOnlySpan<double> x, [NoDiff] ReadOnlySpan<double> target, double scale)
                {
                    double sum = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double residual = scale * (x[i] - target[i]);
                        sum += residual * residual;
                    }

                    return sum;
                }
            }
            """);

    [Fact]
    public void Void_kernel_with_an_output_span()
        => Verify(nameof(Void_kernel_with_an_output_span), """
            public static partial class Functions
            {
                [Differentiable]
                public static void Affine(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int o = 0; o < y.Length; o++)
                    {
                        double sum = bias[o];
                        for (int i = 0; i < x.Length; i++)
                        {
                            sum += weights[o * x.Length + i] * x[i];
                        }

                        y[o] = sum;
                    }
                }
            }
            """);

    /// <summary>
    /// A generic method over <c>T : IFloatingPointIeee754&lt;T&gt;</c>: literals become <c>T.Zero</c>/<c>T.One</c>/
    /// <c>T.CreateTruncating</c>, math calls <c>T.Exp</c>, the tape a <c>T[]</c>, and the generated members
    /// repeat the type parameter and its constraint; a double caller chains through <c>SoftplusPullback&lt;double&gt;</c>.
    /// </summary>
    [Fact]
    public void Generic_method_and_a_caller_at_double()
        => Verify(nameof(Generic_method_and_a_caller_at_double), """
            public static partial class Functions
            {
                [Differentiable]
                public static T Softplus<T>(T z)
                    where T : System.Numerics.IFloatingPointIeee754<T>
                {
                    T magnitude = T.Abs(z);
                    return T.Max(z, T.Zero) + T.Log(T.One + T.Exp(-magnitude));
                }

                [Differentiable]
                public static T SoftplusSum<T>(ReadOnlySpan<T> x)
                    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
                {
                    T total = T.Zero;
                    for (int i = 0; i < x.Length; i++)
                    {
                        total += Softplus(x[i]) * T.CreateChecked(0.5);
                    }

                    return total;
                }

                [Differentiable]
                public static double Caller(double x) => Softplus(x * 2);
            }
            """);

    /// <summary>
    /// An optimized build: the reverse sweep indexes without a second bounds check, and the
    /// triangular index it reads and accumulates at is computed once.
    /// </summary>
    [Fact]
    public void Optimized_build_triangular_loop_without_repeated_bounds_checks()
        => Verify(nameof(Optimized_build_triangular_loop_without_repeated_bounds_checks), TriangularQuadraticForm, OptimizationLevel.Release);

    /// <summary>
    /// Euler steps through a stage array rewritten whole every step and read last by the update: the
    /// update's reverse stores <c>kBar[i] = …</c> instead of adding, and the rewrite's reverse takes
    /// <c>kBar[i]</c> without clearing it.
    /// </summary>
    [Fact]
    public void Rewritten_array_adjoint_stored_not_cleared()
        => Verify(nameof(Rewritten_array_adjoint_stored_not_cleared), """
            public static partial class Functions
            {
                [Differentiable]
                public static double Euler(ReadOnlySpan<double> rates, ReadOnlySpan<double> initial, [NoDiff] int steps)
                {
                    int n = initial.Length;
                    double[] y = new double[n];
                    double[] k = new double[n];
                    for (int i = 0; i < n; i++)
                    {
                        y[i] = initial[i];
                    }

                    for (int s = 0; s < steps; s++)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            k[i] = rates[i] * y[i];
                        }

                        for (int i = 0; i < n; i++)
                        {
                            y[i] += 0.1 * k[i];
                        }
                    }

                    return y[0];
                }
            }
            """);

    /// <summary>
    /// A sum over points whose iterations share nothing else: each iteration is reversed right after
    /// it runs, seeded with 1, into partials (<c>meanGradOfTotal</c>, <c>scaleBarOfTotal</c>) that the
    /// reverse sweep scales by <c>totalBar</c>; the local array written whole at the start of each
    /// iteration is private to it, and the tape never holds more than one iteration.
    /// </summary>
    [Fact]
    public void Independent_iterations_reversed_as_they_run()
        => Verify(nameof(Independent_iterations_reversed_as_they_run), """
            public static partial class Functions
            {
                [Differentiable]
                public static double PointwiseNorms(ReadOnlySpan<double> mean, ReadOnlySpan<double> w, [NoDiff] ReadOnlySpan<double> points)
                {
                    int d = mean.Length;
                    double scale = Math.Exp(w[0]);
                    double[] centered = new double[d];
                    double total = 0;
                    for (int p = 0; p < points.Length / d; p++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            centered[j] = points[p * d + j] - mean[j];
                        }

                        double norm = 0;
                        for (int j = 0; j < d; j++)
                        {
                            norm += centered[j] * centered[j];
                        }

                        total += scale * Math.Sqrt(norm);
                    }

                    return total;
                }
            }
            """);

    /// <summary>
    /// ADBench's column-wise Q·z: the reverse of the inner loop accumulates into <c>centeredBar[col]</c>
    /// and reads <c>centered[col]</c> at an index it never changes; both live in locals for the loop,
    /// loaded and stored once, and only when the loop runs.
    /// </summary>
    [Fact]
    public void Loop_invariant_elements_promoted_to_locals()
        => Verify(nameof(Loop_invariant_elements_promoted_to_locals), """
            public static partial class Functions
            {
                [Differentiable]
                public static double ColumnWiseNorm(ReadOnlySpan<double> lower, ReadOnlySpan<double> z)
                {
                    int d = z.Length;
                    double[] centered = new double[d];
                    double[] transformed = new double[d];
                    for (int j = 0; j < d; j++)
                    {
                        centered[j] = z[j] - 1;
                        transformed[j] = centered[j];
                    }

                    int next = 0;
                    for (int col = 0; col < d; col++)
                    {
                        for (int row = col + 1; row < d; row++)
                        {
                            transformed[row] += lower[next] * centered[col];
                            next++;
                        }
                    }

                    double total = 0;
                    for (int j = 0; j < d; j++)
                    {
                        total += transformed[j] * transformed[j];
                    }

                    return total;
                }
            }
            """, OptimizationLevel.Release);

    /// <summary>
    /// A two-point stencil: its reverse runs i downwards and adds into <c>sBar[i - 1]</c> and
    /// <c>sBar[i]</c> (and, in the Gradient, <c>ratesGrad</c> alike); the element consecutive
    /// iterations share is carried in a local and stored once. The Pullback carries only the pooled
    /// adjoint: its adjoint arguments may alias.
    /// </summary>
    [Fact]
    public void Neighbouring_elements_carried_between_iterations()
        => Verify(nameof(Neighbouring_elements_carried_between_iterations), """
            public static partial class Functions
            {
                [Differentiable]
                public static double Chain(ReadOnlySpan<double> rates, ReadOnlySpan<double> y)
                {
                    double[] s = new double[y.Length];
                    for (int i = 0; i < y.Length; i++)
                    {
                        s[i] = 2 * y[i];
                    }

                    double total = 0;
                    for (int i = 1; i < y.Length; i++)
                    {
                        total += rates[i - 1] * s[i - 1] - rates[i] * s[i];
                    }

                    return total;
                }
            }
            """, OptimizationLevel.Release);

    /// <summary>‖L z‖² for a lower-triangular L stored row by row (the GMM's inner loop, reduced).</summary>
    internal const string TriangularQuadraticForm = """
        public static partial class Functions
        {
            [Differentiable]
            public static double TriangularNorm(ReadOnlySpan<double> lower, ReadOnlySpan<double> z)
            {
                double total = 0;
                for (int row = 0; row < z.Length; row++)
                {
                    double transformed = 0;
                    for (int col = 0; col <= row; col++)
                    {
                        transformed += lower[row * (row + 1) / 2 + col] * z[col];
                    }

                    total += transformed * transformed;
                }

                return total;
            }
        }
        """;

    private static void Verify(string name, string source, OptimizationLevel optimization = OptimizationLevel.Debug)
    {
        GeneratorRun run = GeneratorHarness.Run(optimization, null, Usings + source);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Verify(name, run.SingleSource);
    }
}
