using System;
using System.Collections.Generic;

namespace AutoGradGen.Training;

/// <summary>
/// Mini-batches of example indices: each epoch a fresh permutation (Fisher–Yates from a seeded
/// generator, so a seed fixes every epoch's order) cut into batches; the last one may be smaller.
/// </summary>
public sealed class BatchIterator
{
    private readonly int[] order;
    private readonly Random random;

    /// <summary>Batches of <paramref name="batchSize"/> over <paramref name="count"/> examples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public BatchIterator(int count, int batchSize, int seed, bool shuffle = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        BatchSize = batchSize;
        Shuffle = shuffle;
        random = new Random(seed);
    }

    /// <summary>Examples per batch (the last batch of an epoch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch reshuffles.</summary>
    public bool Shuffle { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => (order.Length + BatchSize - 1) / BatchSize;

    /// <summary>The next epoch's batches, as slices of one index permutation (valid until the next call).</summary>
    public IEnumerable<ReadOnlyMemory<int>> NextEpoch()
    {
        if (Shuffle)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        for (int start = 0; start < order.Length; start += BatchSize)
        {
            yield return order.AsMemory(start, Math.Min(BatchSize, order.Length - start));
        }
    }
}
