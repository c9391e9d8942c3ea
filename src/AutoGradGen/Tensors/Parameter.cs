using System;
using System.Numerics;

namespace AutoGradGen;

/// <summary>
/// A trainable array of values with its gradient buffer, of the same length: what optimizers update
/// and what layers own. The gradient is filled by a generated <c>Gradient</c>/<c>Pullback</c> (or any
/// code) before <c>Optimizer.Step()</c> and cleared by <c>Optimizer.ZeroGrad()</c>.
/// </summary>
/// <typeparam name="T"><see cref="double"/> or <see cref="float"/>.</typeparam>
public sealed class Parameter<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] values;
    private readonly T[] gradient;

    /// <summary>A parameter of <paramref name="length"/> zeros.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public Parameter(string name, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Name = name ?? throw new ArgumentNullException(nameof(name));
        values = new T[length];
        gradient = new T[length];
    }

    /// <summary>A parameter holding a copy of <paramref name="initial"/>.</summary>
    public Parameter(string name, ReadOnlySpan<T> initial)
        : this(name, initial.Length) => initial.CopyTo(values);

    /// <summary>A name for messages and checkpoints (<c>"dense1.weight"</c>).</summary>
    public string Name { get; }

    /// <summary>Number of values.</summary>
    public int Length => values.Length;

    /// <summary>The values, updated in place by optimizers.</summary>
    public Span<T> Value => values;

    /// <summary>∂loss/∂value, accumulated by backward passes and cleared by <c>ZeroGrad</c>.</summary>
    public Span<T> Gradient => gradient;

    /// <summary>The values as an array (for APIs that take <c>T[]</c>); the same storage as <see cref="Value"/>.</summary>
    public T[] ValueArray => values;

    /// <summary>The gradient as an array; the same storage as <see cref="Gradient"/>.</summary>
    public T[] GradientArray => gradient;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Length} × {typeof(T).Name})";
}
