using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace AutoGradGen.Generators.Helpers;

/// <summary>
/// An immutable array with value equality, so that pipeline models holding collections compare by
/// content and the incremental driver can serve them from its cache.
/// </summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    public static readonly EquatableArray<T> Empty = new(ImmutableArray<T>.Empty);

    private readonly T[]? items;

    public EquatableArray(ImmutableArray<T> items) => this.items = items.IsDefault ? null : ImmutableArrayHelpers.ToArray(items);

    public EquatableArray(IEnumerable<T> items) => this.items = new List<T>(items).ToArray();

    public int Count => items?.Length ?? 0;

    public T this[int index] => items![index];

    public bool IsEmpty => Count == 0;

    public bool Equals(EquatableArray<T> other)
    {
        int n = Count;
        if (n != other.Count)
        {
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(items![i], other.items![i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        int hash = 17;
        if (items is not null)
        {
            foreach (T item in items)
            {
                hash = unchecked((hash * 31) + (item?.GetHashCode() ?? 0));
            }
        }

        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

internal static class ImmutableArrayHelpers
{
    public static T[] ToArray<T>(ImmutableArray<T> items)
    {
        var result = new T[items.Length];
        items.CopyTo(result);
        return result;
    }
}

internal static class EquatableArrayExtensions
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(items);
}
