using System;
using System.Numerics;

namespace AutoGradGen;

public static partial class MatMul
{
    /// <summary>
    /// The registered pullback of <see cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, Transpose, bool)"/>,
    /// used wherever <see cref="DifferentiableAttribute"/> code multiplies matrices. For C = op(A)·op(B) (+ C₀):
    /// <c>op(A)̄ += C̄·op(B)ᵀ</c> and <c>op(B)̄ += op(A)ᵀ·C̄</c>, each written back in A's and B's own storage
    /// order (transposed again where the operand was); then C̄ becomes the adjoint of C₀: unchanged when
    /// <paramref name="accumulate"/>, zero otherwise (the product overwrote C).
    /// </summary>
    [DerivativeOf(typeof(MatMul), nameof(Multiply))]
    public static void MultiplyPullback(
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, Transpose transpose, bool accumulate,
        Span<double> aAdjoint, Span<double> bAdjoint, Span<double> cAdjoint)
        => MultiplyPullback<double>(a, b, c, m, k, n, transpose, accumulate, aAdjoint, bAdjoint, cAdjoint);

    /// <inheritdoc cref="MultiplyPullback(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, Transpose, bool, Span{double}, Span{double}, Span{double})"/>
    [DerivativeOf(typeof(MatMul), nameof(Multiply))]
    public static void MultiplyPullback(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, Transpose transpose, bool accumulate,
        Span<float> aAdjoint, Span<float> bAdjoint, Span<float> cAdjoint)
        => MultiplyPullback<float>(a, b, c, m, k, n, transpose, accumulate, aAdjoint, bAdjoint, cAdjoint);

    /// <inheritdoc cref="MultiplyPullback(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, Transpose, bool, Span{double}, Span{double}, Span{double})"/>
    /// <remarks>The generic form, for generic layers; <paramref name="c"/> is not read (the adjoints need only A and B).</remarks>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    public static void MultiplyPullback<T>(
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, Transpose transpose, bool accumulate,
        Span<T> aAdjoint, Span<T> bAdjoint, Span<T> cAdjoint)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool aTransposed = (transpose & Transpose.A) != 0;
        bool bTransposed = (transpose & Transpose.B) != 0;
        ReadOnlySpan<T> cBar = cAdjoint;

        // Ā: m × k as stored (C̄·op(B)ᵀ), or k × m when A is transposed (op(B)·C̄ᵀ).
        if (aTransposed)
        {
            Multiply(b, cBar, aAdjoint, k, n, m, bTransposed ? Transpose.Both : Transpose.B, accumulate: true);
        }
        else
        {
            Multiply(cBar, b, aAdjoint, m, n, k, bTransposed ? Transpose.None : Transpose.B, accumulate: true);
        }

        // B̄: k × n as stored (op(A)ᵀ·C̄), or n × k when B is transposed (C̄ᵀ·op(A)).
        if (bTransposed)
        {
            Multiply(cBar, a, bAdjoint, n, m, k, aTransposed ? Transpose.Both : Transpose.A, accumulate: true);
        }
        else
        {
            Multiply(a, cBar, bAdjoint, k, m, n, aTransposed ? Transpose.None : Transpose.A, accumulate: true);
        }

        if (!accumulate)
        {
            cAdjoint.Clear();
        }
    }
}
