using System.Globalization;

namespace ServiceIndex.Pipeline;

/// <summary>
/// Every table, queue, container and blob the pipeline uses, in one place. Infrastructure
/// (<c>infra-bicep/names.bicep</c>) creates exactly these; <c>docs/storage.md</c> explains each.
/// </summary>
public static class StorageNames
{
    // Queues
    public const string ChangesQueue = "changes";
    public const string PoisonQueue = "changes-poison";

    // Tables
    /// <summary>Prefix of the ledger tables: one per bucket, <c>ledger00</c>, <c>ledger01</c>… (<see cref="LedgerTable"/>).</summary>
    public const string LedgerPrefix = "ledger";
    public const string Scores = "scores";
    public const string Checkpoints = "checkpoints";
    public const string DeadLetters = "deadletters";
    public const string Snapshots = "snapshots";
    public const string PipelineState = "pipelinestate";
    public const string NationalRanking = "nationalranking";

    // Blob containers
    public const string ArchiveContainer = "feed-archive";
    public const string LeasesContainer = "leases";

    // Lease blobs (in the leases container): one per singleton job.
    public const string PullLease = "pull";
    public const string RecomputeLease = "recompute";

    public static IReadOnlyList<string> Queues { get; } = [ChangesQueue, PoisonQueue];

    /// <summary>The tables every deployment has, whatever its bucket count.</summary>
    public static IReadOnlyList<string> FixedTables { get; } =
        [Scores, Checkpoints, DeadLetters, Snapshots, PipelineState, NationalRanking];

    /// <summary>
    /// The ledger table of a bucket. One table per bucket: in Azure it changes nothing (partitions scale
    /// on their own), in the Azurite emulator it keeps each write's cost bounded (docs/storage.md).
    /// </summary>
    public static string LedgerTable(int bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucket, 99);
        return string.Create(CultureInfo.InvariantCulture, $"{LedgerPrefix}{bucket:D2}");
    }

    /// <summary>Every table of a deployment with <paramref name="bucketCount"/> ledger buckets.</summary>
    public static IReadOnlyList<string> Tables(int bucketCount) =>
        [.. Enumerable.Range(0, bucketCount).Select(LedgerTable), .. FixedTables];

    public static IReadOnlyList<string> Containers { get; } = [ArchiveContainer, LeasesContainer];
}

/// <summary>Default six-field CRON schedules (UTC), as the Functions timers and the local host use them.</summary>
public static class PipelineSchedules
{
    /// <summary>Pull the feed every 15 seconds.</summary>
    public const string Pull = "*/15 * * * * *";

    /// <summary>Refresh scores (deadlines pass with no event) every 15 seconds, offset from the pull.</summary>
    public const string Refresh = "5/15 * * * * *";

    /// <summary>Nightly recompute at 17:05 UTC = 00:05 Vietnam time (UTC+7).</summary>
    public const string Recompute = "0 5 17 * * *";
}
