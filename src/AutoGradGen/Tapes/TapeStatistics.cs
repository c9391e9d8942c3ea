using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace AutoGradGen.Tapes;

/// <summary>What the reverse sweeps of one differentiable method kept on their stacks.</summary>
/// <param name="Calls">Gradient or Pullback calls recorded.</param>
/// <param name="LastBytes">Bytes held at the peak of the most recent call.</param>
/// <param name="MaxBytes">The largest peak over all recorded calls.</param>
public readonly record struct TapeRecord(long Calls, long LastBytes, long MaxBytes);

/// <summary>
/// Opt-in accounting of the memory generated gradients use to save values inside loops. Off by
/// default (the check is one static read per call); turn it on, run a gradient, read
/// <see cref="Get"/> or <see cref="Snapshot"/>:
/// <code>TapeStatistics.IsEnabled = true; Model.LossGradient(…); TapeStatistics.Get("Ns.Model.Loss")</code>
/// </summary>
public static class TapeStatistics
{
    private static readonly ConcurrentDictionary<string, TapeRecord> Records = new();
    private static volatile bool enabled;

    /// <summary>Whether generated code records its stack usage.</summary>
    public static bool IsEnabled
    {
        get => enabled;
        set => enabled = value;
    }

    /// <summary>Called by generated code: <paramref name="bytes"/> were held at the peak of one call of <paramref name="method"/>.</summary>
    public static void Record(string method, long bytes)
        => Add(method, bytes);

    /// <summary>
    /// Called by the generated code of a generic method: one record per instantiation, under
    /// <c>Namespace.Type.Method&lt;double&gt;</c> (C# keywords for the built-in types, else the type's name).
    /// </summary>
    public static void Record(string method, long bytes, params Type[] typeArguments)
        => Add(typeArguments.Length == 0 ? method : method + "<" + string.Join(", ", Array.ConvertAll(typeArguments, Keyword)) + ">", bytes);

    private static string Keyword(Type type)
        => type == typeof(double) ? "double" : type == typeof(float) ? "float" : type.Name;

    private static void Add(string method, long bytes)
        => Records.AddOrUpdate(
            method,
            new TapeRecord(1, bytes, bytes),
            (_, previous) => new TapeRecord(previous.Calls + 1, bytes, System.Math.Max(previous.MaxBytes, bytes)));

    /// <summary>The record of <paramref name="method"/> (<c>Namespace.Type.Method</c>, or <c>Namespace.Type.Method&lt;float&gt;</c> for one instantiation of a generic method), or null if none.</summary>
    public static TapeRecord? Get(string method) => Records.TryGetValue(method, out TapeRecord record) ? record : null;

    /// <summary>All records, by method.</summary>
    public static IReadOnlyDictionary<string, TapeRecord> Snapshot() => new Dictionary<string, TapeRecord>(Records);

    /// <summary>Forgets all records.</summary>
    public static void Reset() => Records.Clear();
}
