using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoGradGen.Tapes;

/// <summary>
/// Element access without a bounds check, for generated gradients in optimized builds. The generator
/// uses it in reverse sweeps only where the forward sweep already indexed the same array (or the
/// primal of an adjoint array, which is at least as long) with the same index value — so the check
/// was made once, where the value was computed — and in forward sweeps only where the loop proves the
/// index in range (a counter from a literal start below a limit equal to the array's length). Not
/// meant for hand-written code.
/// </summary>
/// <remarks>
/// Set the MSBuild property <c>AutoGradGenReverseBoundsChecks</c> to <c>true</c> to keep the checks in
/// every configuration; by default Debug builds keep them and optimized builds drop them.
/// </remarks>
public static class UncheckedAccess
{
    /// <summary>A reference to <c>array[index]</c>, with no bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T At<T>(T[] array, int index)
        => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)(uint)index);

    /// <summary>A reference to <c>span[index]</c>, with no bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T At<T>(Span<T> span, int index)
        => ref Unsafe.Add(ref MemoryMarshal.GetReference(span), (nint)(uint)index);

    /// <summary>A read-only reference to <c>span[index]</c>, with no bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref readonly T At<T>(ReadOnlySpan<T> span, int index)
        => ref Unsafe.Add(ref MemoryMarshal.GetReference(span), (nint)(uint)index);
}
