using System;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoGradGen;

/// <summary>
/// A contiguous, row-major buffer of <typeparamref name="T"/> with a shape: what layers take and
/// return (a batch is <c>batch × features</c>). Views made by <see cref="Reshape"/> share the storage.
/// </summary>
/// <typeparam name="T"><see cref="double"/> or <see cref="float"/>.</typeparam>
public sealed class Tensor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] storage;
    private readonly int[] shape;

    /// <summary>A tensor of zeros with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape is empty, has a negative size, or more than <see cref="int.MaxValue"/> elements.</exception>
    public Tensor(params int[] shape)
    {
        this.shape = CheckShape(shape);
        storage = new T[Count(this.shape)];
    }

    /// <summary>A tensor over <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The data's length is not the shape's element count.</exception>
    public Tensor(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        this.shape = CheckShape(shape);
        if (data.Length != Count(this.shape))
        {
            throw new ArgumentException($"{data.Length} values cannot have shape [{string.Join(", ", this.shape)}] ({Count(this.shape)} elements).", nameof(data));
        }

        storage = data;
    }

    /// <summary>The sizes of the dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length => storage.Length;

    /// <summary>The first dimension (the batch, for layer inputs).</summary>
    public int Rows => shape[0];

    /// <summary>The elements per row: all dimensions after the first multiplied.</summary>
    public int Columns => shape.Length == 1 ? 1 : storage.Length / Math.Max(1, shape[0]);

    /// <summary>The elements, row-major.</summary>
    public Span<T> Span => storage;

    /// <summary>The storage array (for APIs that take <c>T[]</c>); the same memory as <see cref="Span"/>.</summary>
    public T[] Array => storage;

    /// <summary>Row <paramref name="row"/> of a tensor seen as <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public Span<T> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return storage.AsSpan(row * Columns, Columns);
    }

    /// <summary>Element (<paramref name="row"/>, <paramref name="column"/>) of a tensor seen as rows × columns.</summary>
    public T this[int row, int column]
    {
        get => Row(row)[column];
        set => Row(row)[column] = value;
    }

    /// <summary>The same storage with another shape of the same element count (one size may be −1: inferred).</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor<T> Reshape(params int[] newShape)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        int[] resolved = (int[])newShape.Clone();
        int inferred = System.Array.IndexOf(resolved, -1);
        if (inferred >= 0)
        {
            long known = resolved.Where((size, i) => i != inferred).Aggregate(1L, (product, size) => product * size);
            resolved[inferred] = known == 0 ? 0 : (int)(storage.Length / known);
        }

        return new Tensor<T>(storage, resolved);
    }

    /// <summary>A copy with its own storage.</summary>
    public Tensor<T> Clone() => new((T[])storage.Clone(), shape);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => storage.AsSpan().Clear();

    /// <summary>Copies <paramref name="source"/>'s elements into this tensor.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyFrom(Tensor<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireSameShape(source, nameof(source));
        source.storage.CopyTo(storage, 0);
    }

    /// <summary>The matrix product this · <paramref name="other"/> of two rank-2 tensors (see <see cref="MatMul"/>).</summary>
    /// <exception cref="ArgumentException">Not both rank 2, or the inner dimensions differ.</exception>
    public Tensor<T> MatMul(Tensor<T> other, Transpose transpose = Transpose.None)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rank != 2 || other.Rank != 2)
        {
            throw new ArgumentException($"MatMul needs two rank-2 tensors, got shapes {ShapeText} and {other.ShapeText}.", nameof(other));
        }

        (int m, int k) = (transpose & Transpose.A) != 0 ? (shape[1], shape[0]) : (shape[0], shape[1]);
        (int k2, int n) = (transpose & Transpose.B) != 0 ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1]);
        if (k != k2)
        {
            throw new ArgumentException($"Inner dimensions differ: op(A) is {m} × {k}, op(B) is {k2} × {n} (shapes {ShapeText} · {other.ShapeText}, {transpose}).", nameof(other));
        }

        var result = new Tensor<T>(m, n);
        AutoGradGen.MatMul.Multiply<T>(storage, other.storage, result.storage, m, k, n, transpose);
        return result;
    }

    /// <summary>Sum of all elements.</summary>
    public T Sum() => TensorPrimitives.Sum<T>(storage);

    /// <summary>The shape as text, <c>[64, 784]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", shape) + "]";

    /// <inheritdoc/>
    public override string ToString() => $"Tensor<{typeof(T).Name}> {ShapeText}";

    /// <summary>Throws an <see cref="ArgumentException"/> naming both shapes unless <paramref name="other"/> has this shape.</summary>
    public void RequireSameShape(Tensor<T> other, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(other, parameterName);
        if (!shape.AsSpan().SequenceEqual(other.shape))
        {
            throw new ArgumentException($"Expected shape {ShapeText}, got {other.ShapeText}.", parameterName);
        }
    }

    private static int[] CheckShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0)
        {
            throw new ArgumentException("A tensor needs at least one dimension.", nameof(shape));
        }

        if (shape.Any(size => size < 0))
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has a negative size.", nameof(shape));
        }

        if (shape.Aggregate(1L, (product, size) => product * size) > System.Array.MaxLength)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has more elements than an array can hold.", nameof(shape));
        }

        return (int[])shape.Clone();
    }

    private static int Count(int[] shape) => (int)shape.Aggregate(1L, (product, size) => product * size);
}
