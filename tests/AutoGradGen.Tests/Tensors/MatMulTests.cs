using System;
using AutoGradGen.Tests.Support;

namespace AutoGradGen.Tests.Tensors;

/// <summary>The blocked SIMD matmul against a naive triple loop, and its registered derivative against central differences.</summary>
public partial class MatMulTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 },
        { 3, 5, 7 },
        { 6, 16, 16 },        // exactly one register tile
        { 13, 257, 19 },      // k crosses a packed panel
        { 97, 33, 41 },       // m crosses a row block
        { 130, 300, 1030 },   // every blocking boundary, large enough to run in parallel
        { 128, 784, 64 },     // an MLP layer's shape: 4 panels of equal depth 196, one row block per thread
        { 0, 4, 3 },
        { 4, 0, 3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Double_products_match_the_naive_loop_for_every_transpose(int m, int k, int n)
    {
        var random = new Random(m * 31 + k * 7 + n);
        foreach (Transpose transpose in Enum.GetValues<Transpose>())
        {
            foreach (bool accumulate in new[] { false, true })
            {
                double[] a = RandomPoints.Uniform(random, m * k, -1, 1);
                double[] b = RandomPoints.Uniform(random, k * n, -1, 1);
                double[] c = RandomPoints.Uniform(random, m * n, -1, 1);
                double[] expected = Naive(a, b, c, m, k, n, transpose, accumulate);
                MatMul.Multiply(a, b, c, m, k, n, transpose, accumulate);
                for (int i = 0; i < c.Length; i++)
                {
                    Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-12 * Math.Max(1, k), $"{transpose} accumulate={accumulate}: C[{i}] = {c[i]}, expected {expected[i]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Float_products_match_the_naive_loop_for_every_transpose(int m, int k, int n)
    {
        var random = new Random(m + k + n);
        foreach (Transpose transpose in Enum.GetValues<Transpose>())
        {
            float[] a = RandomPoints.UniformFloats(random, m * k, -1, 1);
            float[] b = RandomPoints.UniformFloats(random, k * n, -1, 1);
            float[] c = new float[m * n];
            double[] expected = Naive(Array.ConvertAll(a, v => (double)v), Array.ConvertAll(b, v => (double)v), new double[m * n], m, k, n, transpose, false);
            MatMul.Multiply(a, b, c, m, k, n, transpose);
            for (int i = 0; i < c.Length; i++)
            {
                Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-5 * Math.Sqrt(Math.Max(1, k)), $"{transpose}: C[{i}] = {c[i]}, expected {expected[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_256_bit_kernel_matches_too(int m, int k, int n)
    {
        // Machines with AVX-512 run the 512-bit kernel by default; check the other one here as well.
        bool wide = MatMul.UseWideKernel;
        MatMul.UseWideKernel = false;
        try
        {
            Double_products_match_the_naive_loop_for_every_transpose(m, k, n);
            Float_products_match_the_naive_loop_for_every_transpose(m, k, n);
        }
        finally
        {
            MatMul.UseWideKernel = wide;
        }
    }

    [Fact]
    public void Shape_mismatches_name_the_buffer()
    {
        var error = Assert.Throws<ArgumentException>(() => MatMul.Multiply(new double[6], new double[9], new double[4], 2, 3, 3));
        Assert.Equal("c", error.ParamName);
        Assert.Contains("2 × 3", error.Message);
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(new double[5], new double[6], new double[6], 2, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.Multiply(new double[0], new double[0], new double[0], -1, 0, 0));
    }

    [Fact]
    public void Tensor_matmul_checks_inner_dimensions()
    {
        var a = new Tensor<double>(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = new Tensor<double>(new double[] { 1, 0, 0, 1, 1, 1 }, 3, 2);
        Tensor<double> c = a.MatMul(b);
        Assert.Equal(new[] { 2, 2 }, c.Shape.ToArray());
        Assert.Equal(new double[] { 4, 5, 10, 11 }, c.Array);
        Assert.Equal(new double[] { 14, 32, 32, 77 }, a.MatMul(a, Transpose.B).Array);
        var error = Assert.Throws<ArgumentException>(() => a.MatMul(a));
        Assert.Contains("[2, 3]", error.Message);
    }

    [Theory]
    [InlineData(Transpose.None)]
    [InlineData(Transpose.A)]
    [InlineData(Transpose.B)]
    [InlineData(Transpose.Both)]
    public void Registered_derivative_matches_central_differences(Transpose transpose)
    {
        const int m = 3, k = 4, n = 2;
        var random = new Random((int)transpose);
        double[] a = RandomPoints.Uniform(random, m * k, -1, 1);
        double[] b = RandomPoints.Uniform(random, k * n, -1, 1);
        double[] weights = RandomPoints.Uniform(random, m * n, -1, 1);
        double[] aGrad = new double[a.Length], bGrad = new double[b.Length];

        double value = ProductLoss.WeightedSquaresGradient(a, b, weights, m, k, n, transpose, aGrad, bGrad);

        GradientAssert.Matches(p => ProductLoss.WeightedSquares(p.AsSpan(0, m * k), p.AsSpan(m * k), weights, m, k, n, transpose), Pack.Of(a, b), value, Pack.Of(aGrad, bGrad));
    }

    [Fact]
    public void Registered_derivative_passes_the_adjoint_of_an_accumulated_product_through()
    {
        const int m = 2, k = 3, n = 2;
        var random = new Random(5);
        double[] a = RandomPoints.Uniform(random, m * k, -1, 1);
        double[] b = RandomPoints.Uniform(random, k * n, -1, 1);
        double[] start = RandomPoints.Uniform(random, m * n, -1, 1);
        double[] aGrad = new double[a.Length], bGrad = new double[b.Length], startGrad = new double[start.Length];

        double value = ProductLoss.AccumulatedGradient(a, b, start, m, k, n, aGrad, bGrad, startGrad);

        GradientAssert.Matches(p => ProductLoss.Accumulated(p.AsSpan(0, 6), p.AsSpan(6, 6), p.AsSpan(12), m, k, n), Pack.Of(a, b, start), value, Pack.Of(aGrad, bGrad, startGrad));
    }

    private static double[] Naive(double[] a, double[] b, double[] c, int m, int k, int n, Transpose transpose, bool accumulate)
    {
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0;
                for (int p = 0; p < k; p++)
                {
                    double x = (transpose & Transpose.A) != 0 ? a[p * m + i] : a[i * k + p];
                    double y = (transpose & Transpose.B) != 0 ? b[j * k + p] : b[p * n + j];
                    sum += x * y;
                }

                result[i * n + j] = sum;
            }
        }

        return result;
    }
}

/// <summary>[Differentiable] code calling the runtime's matmul: its derivative comes from the registered pullback.</summary>
public static partial class ProductLoss
{
    [Differentiable]
    public static double WeightedSquares(ReadOnlySpan<double> a, ReadOnlySpan<double> b, [NoDiff] ReadOnlySpan<double> weights, int m, int k, int n, Transpose transpose)
    {
        double[] c = new double[m * n];
        MatMul.Multiply(a, b, c, m, k, n, transpose, false);
        double total = 0;
        for (int i = 0; i < c.Length; i++)
        {
            total += weights[i] * c[i] * c[i];
        }

        return total;
    }

    [Differentiable]
    public static double Accumulated(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> start, int m, int k, int n)
    {
        double[] c = new double[m * n];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = Math.Sin(start[i]);
        }

        MatMul.Multiply(a, b, c, m, k, n, Transpose.None, true);
        double total = 0;
        for (int i = 0; i < c.Length; i++)
        {
            total += c[i] * c[i] * (i + 1);
        }

        return total;
    }
}
