using System;
using System.Collections.Generic;

namespace AutoGradGen.Tapes;

/// <summary>
/// Exact-length arrays for the local arrays of a differentiated method (<c>double[] z = new double[d]</c>)
/// inside its generated <c>Gradient</c> and <c>Pullback</c>: rented zeroed, as <c>new</c> gives them,
/// and returned when the gradient finishes, so that a gradient in steady state allocates nothing. The
/// generator only pools an array that cannot outlive the call (see the README's Arrays and loops).
/// </summary>
/// <remarks>
/// Unlike <see cref="System.Buffers.ArrayPool{T}"/>, the length is exact: the method may read
/// <c>z.Length</c>. Arrays are cached per thread and per length, at most
/// <see cref="ArraysPerLength"/> of each of at most <see cref="Lengths"/> lengths and none longer
/// than <see cref="MaxLength"/>; beyond that they are left to the garbage collector.
/// </remarks>
public static class LocalArrays
{
    /// <summary>How many arrays of one length a thread keeps.</summary>
    public const int ArraysPerLength = 8;

    /// <summary>How many different lengths a thread keeps arrays of, per element type.</summary>
    public const int Lengths = 64;

    /// <summary>The longest array a thread keeps (2²⁰ elements: 8 MB of doubles).</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements.</summary>
    /// <exception cref="OverflowException"><paramref name="length"/> is negative (as for <c>new T[length]</c>).</exception>
    public static T[] Rent<T>(int length)
    {
        if (length <= 0)
        {
            return length == 0 ? Array.Empty<T>() : new T[length];
        }

        if (Cache<T>.ByLength is { } cache && cache.TryGetValue(length, out Stack<T[]>? stack) && stack.Count > 0)
        {
            T[] array = stack.Pop();
            Array.Clear(array);
            return array;
        }

        return new T[length];
    }

    /// <summary>Keeps <paramref name="array"/> for the next <see cref="Rent{T}"/> of its length on this thread.</summary>
    public static void Return<T>(T[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length == 0 || array.Length > MaxLength)
        {
            return;
        }

        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(array); // keep no objects alive
        }

        Dictionary<int, Stack<T[]>> cache = Cache<T>.ByLength ??= new Dictionary<int, Stack<T[]>>();
        if (!cache.TryGetValue(array.Length, out Stack<T[]>? stack))
        {
            if (cache.Count >= Lengths)
            {
                return;
            }

            stack = new Stack<T[]>(ArraysPerLength);
            cache.Add(array.Length, stack);
        }

        if (stack.Count < ArraysPerLength)
        {
            stack.Push(array);
        }
    }

    private static class Cache<T>
    {
        [ThreadStatic]
        public static Dictionary<int, Stack<T[]>>? ByLength;
    }
}
