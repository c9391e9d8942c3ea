using System;
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradGen;

/// <summary>
/// Registered pullbacks of <see cref="TensorPrimitives"/> reductions and element-wise kernels, so
/// <see cref="DifferentiableAttribute"/> code may call them on spans that carry derivatives
/// (<c>TensorPrimitives.Dot(row, x)</c>, <c>TensorPrimitives.SoftMax(logits, probabilities)</c>).
/// Each generic method is registered once for <c>T</c> and once more for its <see cref="float"/>
/// overload, which a call with float spans binds to.
/// </summary>
/// <remarks>
/// A reduction's pullback adds <c>seed</c> times its gradient into the input adjoints. A kernel's
/// pullback follows the kernel convention: it reads the destination's adjoint ȳ, adds into the input
/// adjoints, and clears ȳ over the elements the kernel wrote (the first <c>x.Length</c>), since the
/// values it had before the call were overwritten. Kernel pullbacks recompute what they need from the
/// inputs: the caller has put the destination's old values back by then.
/// </remarks>
public static class TensorPrimitivesDerivatives
{
    // ------------------------------------------------------------------ reductions

    /// <summary>s = Σᵢ xᵢyᵢ: x̄ᵢ += s̄·yᵢ, ȳᵢ += s̄·xᵢ.</summary>
    /// <typeparam name="T">The element type: <see cref="double"/>, <see cref="float"/> or a generic caller's floating type.</typeparam>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector.</param>
    /// <param name="seed">s̄, the adjoint of the result.</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="yAdjoint">ȳ, added into.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Dot))]
    public static void DotPullback<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T seed, Span<T> xAdjoint, Span<T> yAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        TensorPrimitives.MultiplyAdd(y, seed, xAdjoint, xAdjoint);
        TensorPrimitives.MultiplyAdd(x, seed, yAdjoint, yAdjoint);
    }

    /// <inheritdoc cref="DotPullback{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Dot))]
    public static void DotPullback(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float seed, Span<float> xAdjoint, Span<float> yAdjoint)
        => DotPullback<float>(x, y, seed, xAdjoint, yAdjoint);

    /// <summary>s = Σᵢ xᵢ: x̄ᵢ += s̄.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The vector.</param>
    /// <param name="seed">s̄, the adjoint of the result.</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Sum))]
    public static void SumPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> xAdjoint)
        where T : IFloatingPointIeee754<T>
        => TensorPrimitives.Add(xAdjoint[..x.Length], seed, xAdjoint);

    /// <inheritdoc cref="SumPullback{T}(ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Sum))]
    public static void SumPullback(ReadOnlySpan<float> x, float seed, Span<float> xAdjoint) => SumPullback<float>(x, seed, xAdjoint);

    /// <summary>s = Σᵢ xᵢ²: x̄ᵢ += 2s̄·xᵢ.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The vector.</param>
    /// <param name="seed">s̄, the adjoint of the result.</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.SumOfSquares))]
    public static void SumOfSquaresPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> xAdjoint)
        where T : IFloatingPointIeee754<T>
        => TensorPrimitives.MultiplyAdd(x, seed + seed, xAdjoint, xAdjoint);

    /// <inheritdoc cref="SumOfSquaresPullback{T}(ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.SumOfSquares))]
    public static void SumOfSquaresPullback(ReadOnlySpan<float> x, float seed, Span<float> xAdjoint) => SumOfSquaresPullback<float>(x, seed, xAdjoint);

    /// <summary>s = ‖x‖ = √(Σᵢ xᵢ²): x̄ᵢ += s̄·xᵢ / s (nothing at x = 0, where the norm has no derivative).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The vector.</param>
    /// <param name="seed">s̄, the adjoint of the result.</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Norm))]
    public static void NormPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> xAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        T norm = TensorPrimitives.Norm(x);
        if (norm > T.Zero)
        {
            TensorPrimitives.MultiplyAdd(x, seed / norm, xAdjoint, xAdjoint);
        }
    }

    /// <inheritdoc cref="NormPullback{T}(ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Norm))]
    public static void NormPullback(ReadOnlySpan<float> x, float seed, Span<float> xAdjoint) => NormPullback<float>(x, seed, xAdjoint);

    /// <summary>
    /// s = ‖x − y‖: with gᵢ = s̄·(xᵢ − yᵢ)/s, x̄ᵢ += gᵢ and ȳᵢ −= gᵢ (nothing where x = y, where the
    /// distance has no derivative).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The first point.</param>
    /// <param name="y">The second point.</param>
    /// <param name="seed">s̄, the adjoint of the result.</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="yAdjoint">ȳ, added into.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Distance))]
    public static void DistancePullback<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T seed, Span<T> xAdjoint, Span<T> yAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        T distance = TensorPrimitives.Distance(x, y);
        if (!(distance > T.Zero))
        {
            return;
        }

        T scale = seed / distance;
        for (int i = 0; i < x.Length; i++)
        {
            T g = scale * (x[i] - y[i]);
            xAdjoint[i] += g;
            yAdjoint[i] -= g;
        }
    }

    /// <inheritdoc cref="DistancePullback{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Distance))]
    public static void DistancePullback(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float seed, Span<float> xAdjoint, Span<float> yAdjoint)
        => DistancePullback<float>(x, y, seed, xAdjoint, yAdjoint);

    /// <summary>
    /// s = maxᵢ xᵢ: the seed goes to the entries equal to the maximum, shared evenly among ties (the
    /// convention <see cref="Math.Max(double, double)"/> follows in differentiable code).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The vector (not empty).</param>
    /// <param name="seed">s̄, the adjoint of the result.</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Max))]
    public static void MaxPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> xAdjoint)
        where T : IFloatingPointIeee754<T>
        => AddToExtremes(x, TensorPrimitives.Max(x), seed, xAdjoint);

    /// <inheritdoc cref="MaxPullback{T}(ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Max))]
    public static void MaxPullback(ReadOnlySpan<float> x, float seed, Span<float> xAdjoint) => MaxPullback<float>(x, seed, xAdjoint);

    /// <summary>s = minᵢ xᵢ: the seed goes to the entries equal to the minimum, shared evenly among ties.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The vector (not empty).</param>
    /// <param name="seed">s̄, the adjoint of the result.</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Min))]
    public static void MinPullback<T>(ReadOnlySpan<T> x, T seed, Span<T> xAdjoint)
        where T : IFloatingPointIeee754<T>
        => AddToExtremes(x, TensorPrimitives.Min(x), seed, xAdjoint);

    /// <inheritdoc cref="MinPullback{T}(ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Min))]
    public static void MinPullback(ReadOnlySpan<float> x, float seed, Span<float> xAdjoint) => MinPullback<float>(x, seed, xAdjoint);

    // ------------------------------------------------------------------ element-wise kernels

    /// <summary>yᵢ = exp(xᵢ): x̄ᵢ += ȳᵢ·exp(xᵢ); ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="destinationAdjoint">ȳ: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Exp))]
    public static void ExpPullback<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> xAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            xAdjoint[i] += destinationAdjoint[i] * T.Exp(x[i]);
        }

        destinationAdjoint[..x.Length].Clear();
    }

    /// <inheritdoc cref="ExpPullback{T}(ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Exp))]
    public static void ExpPullback(ReadOnlySpan<float> x, Span<float> destination, Span<float> xAdjoint, Span<float> destinationAdjoint)
        => ExpPullback<float>(x, destination, xAdjoint, destinationAdjoint);

    /// <summary>yᵢ = log(xᵢ): x̄ᵢ += ȳᵢ / xᵢ; ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="destinationAdjoint">ȳ: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Log))]
    public static void LogPullback<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> xAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            xAdjoint[i] += destinationAdjoint[i] / x[i];
        }

        destinationAdjoint[..x.Length].Clear();
    }

    /// <inheritdoc cref="LogPullback{T}(ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Log))]
    public static void LogPullback(ReadOnlySpan<float> x, Span<float> destination, Span<float> xAdjoint, Span<float> destinationAdjoint)
        => LogPullback<float>(x, destination, xAdjoint, destinationAdjoint);

    /// <summary>yᵢ = tanh(xᵢ): x̄ᵢ += ȳᵢ·(1 − tanh²xᵢ); ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="destinationAdjoint">ȳ: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Tanh))]
    public static void TanhPullback<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> xAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            T tanh = T.Tanh(x[i]);
            xAdjoint[i] += destinationAdjoint[i] * (T.One - (tanh * tanh));
        }

        destinationAdjoint[..x.Length].Clear();
    }

    /// <inheritdoc cref="TanhPullback{T}(ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Tanh))]
    public static void TanhPullback(ReadOnlySpan<float> x, Span<float> destination, Span<float> xAdjoint, Span<float> destinationAdjoint)
        => TanhPullback<float>(x, destination, xAdjoint, destinationAdjoint);

    /// <summary>yᵢ = σ(xᵢ) = 1 / (1 + e^−xᵢ): x̄ᵢ += ȳᵢ·σ(xᵢ)(1 − σ(xᵢ)); ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="destinationAdjoint">ȳ: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Sigmoid))]
    public static void SigmoidPullback<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> xAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            T sigmoid = T.One / (T.One + T.Exp(-x[i]));
            xAdjoint[i] += destinationAdjoint[i] * sigmoid * (T.One - sigmoid);
        }

        destinationAdjoint[..x.Length].Clear();
    }

    /// <inheritdoc cref="SigmoidPullback{T}(ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Sigmoid))]
    public static void SigmoidPullback(ReadOnlySpan<float> x, Span<float> destination, Span<float> xAdjoint, Span<float> destinationAdjoint)
        => SigmoidPullback<float>(x, destination, xAdjoint, destinationAdjoint);

    /// <summary>
    /// yᵢ = exp(xᵢ) / Σⱼ exp(xⱼ): x̄ᵢ += yᵢ·(ȳᵢ − Σⱼ ȳⱼyⱼ); ȳ cleared. The probabilities are computed
    /// again by <see cref="TensorPrimitives.SoftMax{T}(ReadOnlySpan{T}, Span{T})"/> into a pooled buffer.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The logits (not empty).</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="destinationAdjoint">ȳ: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.SoftMax))]
    public static void SoftMaxPullback<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> xAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        T[] rented = ArrayPool<T>.Shared.Rent(x.Length);
        Span<T> probabilities = rented.AsSpan(0, x.Length);
        TensorPrimitives.SoftMax(x, probabilities);
        Span<T> yBar = destinationAdjoint[..x.Length];
        T weighted = TensorPrimitives.Dot<T>(yBar, probabilities);
        for (int i = 0; i < x.Length; i++)
        {
            xAdjoint[i] += probabilities[i] * (yBar[i] - weighted);
        }

        yBar.Clear();
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <inheritdoc cref="SoftMaxPullback{T}(ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.SoftMax))]
    public static void SoftMaxPullback(ReadOnlySpan<float> x, Span<float> destination, Span<float> xAdjoint, Span<float> destinationAdjoint)
        => SoftMaxPullback<float>(x, destination, xAdjoint, destinationAdjoint);

    /// <summary>yᵢ = −xᵢ: x̄ᵢ −= ȳᵢ; ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="destinationAdjoint">ȳ: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Negate))]
    public static void NegatePullback<T>(ReadOnlySpan<T> x, Span<T> destination, Span<T> xAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        Span<T> yBar = destinationAdjoint[..x.Length];
        TensorPrimitives.Subtract(xAdjoint[..x.Length], yBar, xAdjoint);
        yBar.Clear();
    }

    /// <inheritdoc cref="NegatePullback{T}(ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Negate))]
    public static void NegatePullback(ReadOnlySpan<float> x, Span<float> destination, Span<float> xAdjoint, Span<float> destinationAdjoint)
        => NegatePullback<float>(x, destination, xAdjoint, destinationAdjoint);

    /// <summary>yᵢ = xᵢ + zᵢ: x̄ᵢ += ȳᵢ, z̄ᵢ += ȳᵢ; ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The first addend.</param>
    /// <param name="y">The second addend.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="yAdjoint">The second addend's adjoint, added into.</param>
    /// <param name="destinationAdjoint">The output's adjoint: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Add))]
    public static void AddPullback<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, Span<T> xAdjoint, Span<T> yAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        Span<T> outBar = destinationAdjoint[..x.Length];
        TensorPrimitives.Add(xAdjoint[..x.Length], outBar, xAdjoint);
        TensorPrimitives.Add(yAdjoint[..x.Length], outBar, yAdjoint);
        outBar.Clear();
    }

    /// <inheritdoc cref="AddPullback{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Add))]
    public static void AddPullback(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, Span<float> xAdjoint, Span<float> yAdjoint, Span<float> destinationAdjoint)
        => AddPullback<float>(x, y, destination, xAdjoint, yAdjoint, destinationAdjoint);

    /// <summary>yᵢ = xᵢ − zᵢ: x̄ᵢ += ȳᵢ, z̄ᵢ −= ȳᵢ; ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The minuend.</param>
    /// <param name="y">The subtrahend.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="yAdjoint">The subtrahend's adjoint, added into.</param>
    /// <param name="destinationAdjoint">The output's adjoint: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Subtract))]
    public static void SubtractPullback<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, Span<T> xAdjoint, Span<T> yAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        Span<T> outBar = destinationAdjoint[..x.Length];
        TensorPrimitives.Add(xAdjoint[..x.Length], outBar, xAdjoint);
        TensorPrimitives.Subtract(yAdjoint[..x.Length], outBar, yAdjoint);
        outBar.Clear();
    }

    /// <inheritdoc cref="SubtractPullback{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Subtract))]
    public static void SubtractPullback(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, Span<float> xAdjoint, Span<float> yAdjoint, Span<float> destinationAdjoint)
        => SubtractPullback<float>(x, y, destination, xAdjoint, yAdjoint, destinationAdjoint);

    /// <summary>yᵢ = xᵢ·zᵢ: x̄ᵢ += ȳᵢ·zᵢ, z̄ᵢ += ȳᵢ·xᵢ; ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The first factor.</param>
    /// <param name="y">The second factor.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="yAdjoint">The second factor's adjoint, added into.</param>
    /// <param name="destinationAdjoint">The output's adjoint: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Multiply))]
    public static void MultiplyPullback<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, Span<T> xAdjoint, Span<T> yAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        Span<T> outBar = destinationAdjoint[..x.Length];
        TensorPrimitives.MultiplyAdd(outBar, y, xAdjoint[..x.Length], xAdjoint);
        TensorPrimitives.MultiplyAdd(outBar, x, yAdjoint[..x.Length], yAdjoint);
        outBar.Clear();
    }

    /// <inheritdoc cref="MultiplyPullback{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Multiply))]
    public static void MultiplyPullback(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, Span<float> xAdjoint, Span<float> yAdjoint, Span<float> destinationAdjoint)
        => MultiplyPullback<float>(x, y, destination, xAdjoint, yAdjoint, destinationAdjoint);

    /// <summary>yᵢ = xᵢ·a for a scalar a: x̄ᵢ += ȳᵢ·a, ā += Σᵢ ȳᵢxᵢ; ȳ cleared.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The vector.</param>
    /// <param name="y">The scalar factor a.</param>
    /// <param name="destination">The kernel's output (not read).</param>
    /// <param name="xAdjoint">x̄, added into.</param>
    /// <param name="yAdjoint">ā, added into.</param>
    /// <param name="destinationAdjoint">The output's adjoint: read, then cleared over the first <c>x.Length</c> elements.</param>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Multiply))]
    public static void MultiplyPullback<T>(ReadOnlySpan<T> x, T y, Span<T> destination, Span<T> xAdjoint, ref T yAdjoint, Span<T> destinationAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        Span<T> outBar = destinationAdjoint[..x.Length];
        yAdjoint += TensorPrimitives.Dot<T>(outBar, x);
        TensorPrimitives.MultiplyAdd(outBar, y, xAdjoint[..x.Length], xAdjoint);
        outBar.Clear();
    }

    /// <inheritdoc cref="MultiplyPullback{T}(ReadOnlySpan{T}, T, Span{T}, Span{T}, ref T, Span{T})"/>
    [DerivativeOf(typeof(TensorPrimitives), nameof(TensorPrimitives.Multiply))]
    public static void MultiplyPullback(ReadOnlySpan<float> x, float y, Span<float> destination, Span<float> xAdjoint, ref float yAdjoint, Span<float> destinationAdjoint)
        => MultiplyPullback<float>(x, y, destination, xAdjoint, ref yAdjoint, destinationAdjoint);

    /// <summary>Adds seed / (number of ties) into x̄ wherever x equals the extreme value.</summary>
    private static void AddToExtremes<T>(ReadOnlySpan<T> x, T extreme, T seed, Span<T> xAdjoint)
        where T : IFloatingPointIeee754<T>
    {
        int ties = 0;
        foreach (T value in x)
        {
            ties += value == extreme ? 1 : 0;
        }

        if (ties == 0)
        {
            return; // a NaN maximum: no entry equals it
        }

        T share = seed / T.CreateTruncating(ties);
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == extreme)
            {
                xAdjoint[i] += share;
            }
        }
    }
}
