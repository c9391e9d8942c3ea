using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace AutoGradGen.Tapes;

/// <summary>
/// Storage for the values a generated reverse sweep needs but the forward sweep overwrites inside
/// loops (old values of variables and array elements, branch decisions, trip counts). Generated code
/// keeps each tape as a local array and count and pushes inline
/// (<c>if (count == tape.Length) tape = ValueTape.Grow(tape); tape[count++] = v;</c>), so the JIT keeps
/// both in registers; arrays come from <see cref="ArrayPool{T}.Shared"/>, so a gradient in steady
/// state allocates nothing.
/// </summary>
public static class ValueTape
{
    private const int InitialCapacity = 256;

    /// <summary>A pooled array twice as long (at least 256) holding <paramref name="tape"/>'s values; returns the old one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] Grow<T>(T[] tape)
    {
        T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(InitialCapacity, tape.Length * 2));
        if (tape.Length > 0)
        {
            Array.Copy(tape, larger, tape.Length);
            ArrayPool<T>.Shared.Return(tape);
        }

        return larger;
    }

    /// <summary>A pooled array of at least <paramref name="capacity"/> elements (and twice the old length) holding <paramref name="tape"/>'s values.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] Reserve<T>(T[] tape, int capacity)
    {
        T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(capacity, Math.Max(InitialCapacity, tape.Length * 2)));
        if (tape.Length > 0)
        {
            Array.Copy(tape, larger, tape.Length);
            ArrayPool<T>.Shared.Return(tape);
        }

        return larger;
    }

    /// <summary>Returns a tape to the pool when the gradient is done (empty tapes are ignored).</summary>
    public static void Return<T>(T[] tape)
    {
        if (tape.Length > 0)
        {
            ArrayPool<T>.Shared.Return(tape);
        }
    }
}
