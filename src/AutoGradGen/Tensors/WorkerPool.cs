using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace AutoGradGen;

/// <summary>Work split into independent items <c>0 … count-1</c>, for <see cref="WorkerPool.Run"/>.</summary>
internal interface IParallelWork
{
    void Execute(int item);
}

/// <summary>
/// A fixed set of background threads (one per extra core) that share the items of one
/// <see cref="IParallelWork"/> with the calling thread. Unlike <c>Parallel.For</c> it allocates
/// nothing per run — no tasks, no closures — so a training step that multiplies matrices on every
/// core stays allocation-free. One run at a time: a call made while a run is in progress (from
/// another thread, or from inside the run itself) executes its items on the calling thread.
/// </summary>
internal static class WorkerPool
{
    private static int busy;
    private static readonly ManualResetEventSlim HelpersDone = new(false);
    private static SemaphoreSlim[]? wakeUps;
    private static long[] helperAllocations = Array.Empty<long>();

    // The run in progress; written by the caller before it wakes helpers, read by helpers after.
    private static IParallelWork? work;
    private static int itemCount;
    private static int nextItem;
    private static int helpersRunning;
    private static Exception? failure;

    /// <summary>
    /// Bytes the helper threads have allocated since they started, as of their last finished run
    /// (<c>GC.GetAllocatedBytesForCurrentThread</c> on each): with the calling thread's own count, a
    /// test sees every allocation a parallel product makes, without other threads' noise.
    /// </summary>
    internal static long HelperAllocatedBytes
    {
        get
        {
            long total = 0;
            foreach (long bytes in Volatile.Read(ref helperAllocations))
            {
                total += bytes;
            }

            return total;
        }
    }

    /// <summary>How many threads can work on one run: the caller plus the pool's helpers.</summary>
    public static int Parallelism => Environment.ProcessorCount;

    /// <summary>Runs <c>work.Execute(i)</c> for every i in [0, count), on this thread and the pool's; returns when all are done.</summary>
    public static void Run(IParallelWork work, int count)
    {
        // Not a lock: a Monitor is re-entrant, and a run started from inside a run must not take the pool.
        if (count <= 1 || Parallelism <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (int item = 0; item < count; item++)
            {
                work.Execute(item);
            }

            return;
        }

        try
        {
            SemaphoreSlim[] helpers = wakeUps ??= StartHelpers(Parallelism - 1);
            int woken = Math.Min(helpers.Length, count - 1);
            WorkerPool.work = work;
            itemCount = count;
            failure = null;
            Volatile.Write(ref nextItem, 0);
            helpersRunning = woken;
            HelpersDone.Reset();
            for (int i = 0; i < woken; i++)
            {
                helpers[i].Release();
            }

            Drain(work);

            // Every woken helper checks in before the run ends, so none can still hold this work afterwards.
            if (woken > 0)
            {
                HelpersDone.Wait();
            }

            WorkerPool.work = null;
            if (failure is { } error)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private static void Drain(IParallelWork current)
    {
        int item;
        while ((item = Interlocked.Increment(ref nextItem) - 1) < itemCount)
        {
            try
            {
                current.Execute(item);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        }
    }

    private static SemaphoreSlim[] StartHelpers(int count)
    {
        var signals = new SemaphoreSlim[count];
        Volatile.Write(ref helperAllocations, new long[count]);
        for (int i = 0; i < count; i++)
        {
            SemaphoreSlim signal = signals[i] = new SemaphoreSlim(0);
            int index = i;
            var thread = new Thread(() => HelperLoop(signal, index)) { IsBackground = true, Name = "AutoGradGen worker " + (i + 1) };
            thread.Start();
        }

        return signals;
    }

    private static void HelperLoop(SemaphoreSlim signal, int index)
    {
        while (true)
        {
            signal.Wait();
            Drain(Volatile.Read(ref work)!);
            Volatile.Write(ref helperAllocations[index], GC.GetAllocatedBytesForCurrentThread());
            if (Interlocked.Decrement(ref helpersRunning) == 0)
            {
                HelpersDone.Set();
            }
        }
    }
}
