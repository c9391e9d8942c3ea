namespace AutoGradGen.Tests.Support;

/// <summary>
/// Tests that read or change process-wide state — <see cref="Tapes.TapeStatistics"/>, the matmul
/// worker pool's allocation counters — run in this collection: alone, after the parallel ones, so no
/// other test records, flips a switch or borrows the pool's threads meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Process-wide state (not parallel)";
}
