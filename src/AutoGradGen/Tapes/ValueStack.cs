using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace AutoGradGen.Tapes;

/// <summary>
/// The typed stack generated reverse sweeps use to keep values that the forward sweep overwrites
/// inside loops (old values of variables and array elements, branch decisions, trip counts). Its
/// buffer is rented from <see cref="ArrayPool{T}.Shared"/> and returned by <see cref="Dispose"/>, so a
/// gradient in steady state allocates nothing. A mutable struct: keep it in a local and never copy it.
/// </summary>
/// <typeparam name="T">The element type (double, float, int, bool).</typeparam>
public struct ValueStack<T> : IDisposable
    where T : unmanaged
{
    private T[]? buffer;
    private int count;
    private int peak;

    /// <summary>Number of values on the stack.</summary>
    public readonly int Count => count;

    /// <summary>The most values the stack held at once since it was created.</summary>
    public readonly int PeakCount => Math.Max(peak, count);

    /// <summary>The most bytes the stack held at once: <see cref="PeakCount"/> · sizeof(T).</summary>
    public readonly long PeakBytes => (long)PeakCount * Unsafe.SizeOf<T>();

    /// <summary>Pushes <paramref name="value"/>; grows the rented buffer when full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(T value)
    {
        T[]? items = buffer;
        int n = count;
        if (items is not null && (uint)n < (uint)items.Length)
        {
            items[n] = value;
            count = n + 1;
            return;
        }

        PushSlow(value);
    }

    /// <summary>Pops the value pushed last.</summary>
    /// <exception cref="InvalidOperationException">The stack is empty (the sweeps are out of step: a generator bug).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Pop()
    {
        int n = count - 1;
        T[]? items = buffer;
        if (items is null || (uint)n >= (uint)items.Length)
        {
            ThrowEmpty();
        }

        count = n;
        return items![n];
    }

    /// <summary>Records the current count as a candidate peak (generated code calls it between the sweeps, when the stack is fullest).</summary>
    public void MarkPeak() => peak = Math.Max(peak, count);

    /// <summary>Returns the buffer to the pool. The stack is empty afterwards and may be reused.</summary>
    public void Dispose()
    {
        peak = PeakCount;
        if (buffer is not null)
        {
            ArrayPool<T>.Shared.Return(buffer);
            buffer = null;
        }

        count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushSlow(T value)
    {
        int capacity = buffer is null ? 256 : buffer.Length * 2;
        T[] larger = ArrayPool<T>.Shared.Rent(capacity);
        if (buffer is not null)
        {
            Array.Copy(buffer, larger, count);
            ArrayPool<T>.Shared.Return(buffer);
        }

        buffer = larger;
        peak = Math.Max(peak, count);
        buffer[count++] = value;
    }

    private static void ThrowEmpty()
        => throw new InvalidOperationException("The reverse sweep popped more values than the forward sweep pushed.");
}
