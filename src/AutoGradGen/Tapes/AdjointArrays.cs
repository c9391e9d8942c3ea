using System;
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradGen.Tapes;

/// <summary>
/// Helpers the generated gradients call for array adjoints: argument checks with actionable
/// messages, and pooled scratch arrays (rented zeroed, returned when the gradient finishes).
/// </summary>
public static class AdjointArrays
{
    /// <summary>
    /// Checks that the adjoint of an array parameter has the parameter's length; clears it when
    /// <paramref name="clear"/> (a Gradient overwrites its gradient arguments, a Pullback accumulates).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void CheckLength<T>(ReadOnlySpan<T> values, Span<T> adjoint, string name, bool clear)
    {
        if (adjoint.Length != values.Length)
        {
            throw new ArgumentException($"'{name}' has length {adjoint.Length}, but the parameter it belongs to has length {values.Length}; pass a buffer of the same length.", name);
        }

        if (clear)
        {
            adjoint.Clear();
        }
    }

    /// <summary>The jagged counterpart of <see cref="CheckLength{T}"/>: every row must match.</summary>
    /// <exception cref="ArgumentNullException">The adjoint or one of its rows is null.</exception>
    /// <exception cref="ArgumentException">The number of rows or a row's length differs.</exception>
    public static void CheckShape<T>(T[][] values, T[][] adjoint, string name, bool clear)
    {
        ArgumentNullException.ThrowIfNull(adjoint, name);
        if (adjoint.Length != values.Length)
        {
            throw new ArgumentException($"'{name}' has {adjoint.Length} rows, but the parameter it belongs to has {values.Length}; pass an array of the same shape.", name);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (adjoint[i] is null)
            {
                throw new ArgumentNullException(name, $"Row {i} of '{name}' is null; pass an array of the same shape as the parameter.");
            }

            CheckLength<T>(values[i], adjoint[i], $"{name}[{i}]", clear);
        }
    }

    /// <summary>
    /// Checks that two gradient buffers of one generated <c>Gradient</c> do not share memory: each
    /// parameter needs its own (the reverse sweep may hold an element of one in a register while it
    /// adds into the other).
    /// </summary>
    /// <exception cref="ArgumentException">The buffers overlap.</exception>
    public static void CheckDistinct<T>(ReadOnlySpan<T> first, ReadOnlySpan<T> second, string firstName, string secondName)
    {
        if (first.Overlaps(second))
        {
            throw new ArgumentException($"'{firstName}' and '{secondName}' share memory; pass a separate buffer for each parameter's gradient (add them afterwards for the derivative of a parameter passed twice).", secondName);
        }
    }

    /// <summary>Copies <paramref name="from"/> into the start of <paramref name="to"/> (generated kernel-call reverses use it).</summary>
    public static void Copy<T>(ReadOnlySpan<T> from, Span<T> to) => from.CopyTo(to);

    /// <summary>
    /// <c>adjoint[i] += scale · partials[i]</c> for <c>i &lt; length</c>: how a generated reverse sweep
    /// applies a sum's adjoint <c>s̄</c> to the partials <c>∂s/∂u</c> a loop with independent
    /// iterations collected in the forward sweep.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> exceeds either buffer.</exception>
    public static void AddScaled<T>(T[] partials, T scale, Span<T> adjoint, int length)
        where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(partials);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Math.Min(partials.Length, adjoint.Length));
        Span<T> target = adjoint.Slice(0, length);
        TensorPrimitives.MultiplyAdd<T>(partials.AsSpan(0, length), scale, target, target);
    }

    /// <summary>Rents an array of at least <paramref name="length"/> elements whose first <paramref name="length"/> are zero.</summary>
    public static T[] Rent<T>(int length)
    {
        if (length == 0)
        {
            return Array.Empty<T>();
        }

        T[] array = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    /// <summary>
    /// The number of elements to save of an array a call may change: its length, or 0 for null (a
    /// <c>[NoDiff]</c> array may be null where the callee does not touch it).
    /// </summary>
    public static int LengthOrZero<T>(T[]? array) => array?.Length ?? 0;

    /// <summary>
    /// Rents the adjoint of a <c>[NoDiff]</c> array parameter that the method fills with values carrying
    /// derivatives (a workspace): zeroed, as long as <paramref name="array"/>, empty for null.
    /// </summary>
    public static T[] RentFor<T>(T[]? array) => Rent<T>(LengthOrZero(array));

    /// <summary>Returns an array from <see cref="Rent{T}"/> to the pool (empty arrays are ignored).</summary>
    public static void Return<T>(T[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}
