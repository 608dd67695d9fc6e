using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>Options of one recompute run.</summary>
public sealed record RecomputeRequest
{
    /// <summary>
    /// Close the year of this date with its figures as of the end of this day (Vietnam time): the
    /// province closes its reform results before 15 November. A closed snapshot is never overwritten.
    /// </summary>
    public DateOnly? CloseYearAt { get; init; }

    /// <summary>Write snapshots of periods that have ended and have none yet.</summary>
    public bool WriteSnapshots { get; init; } = true;
}

public enum RecomputeStatus
{
    Completed,

    /// <summary>Another recompute holds the lease.</summary>
    Skipped,
}

/// <summary>What one recompute found and did.</summary>
public sealed record RecomputeResult(
    RecomputeStatus Status,
    long Records,
    int Differences,
    int Repaired,
    int UnverifiedBuckets,
    int UnreadableRecords,
    int SnapshotsWritten,
    string? ClosedYear,
    bool YearWasAlreadyClosed,
    RefreshResult? Refresh);

/// <summary>
/// The nightly self-check (and on demand): rebuilds every bucket's month tallies from its stored
/// records, compares them with the incremental state (tallies plus unfolded deltas), and repairs any
/// difference with a correcting delta (it must be zero); then refreshes scores (deadlines that passed
/// with no event) and writes snapshots of ended periods, and of a year closed on a chosen date.
/// </summary>
public sealed partial class RecomputeJob
{
    private const int Attempts = 5;

    private readonly PipelineStorage _storage;
    private readonly ScoreRefresher _refresher;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RecomputeJob> _logger;

    public RecomputeJob(PipelineStorage storage, ScoreRefresher refresher, IOptions<PipelineOptions> options, TimeProvider time,
        ILogger<RecomputeJob> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _refresher = refresher;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task<RecomputeResult> RunAsync(RecomputeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (request.CloseYearAt is { } closing && closing > VietnamTime.DayOf(now))
        {
            throw new ArgumentException($"A year cannot be closed at {closing:yyyy-MM-dd}, which is after today.", nameof(request));
        }

        var lease = await SingletonLease.TryAcquireAsync(_storage.Leases, StorageNames.RecomputeLease, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return new RecomputeResult(RecomputeStatus.Skipped, 0, 0, 0, 0, 0, 0, null, false, null);
        }

        await using (lease.ConfigureAwait(false))
        {
            return await RecomputeAsync(request, now, lease.Token).ConfigureAwait(false);
        }
    }

    private async Task<RecomputeResult> RecomputeAsync(RecomputeRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closePeriod = request.CloseYearAt is { } date ? Period.Year(date.Year) : null;
        var closeE = request.CloseYearAt is { } d ? VietnamTime.LastSecondOf(d) : default;
        var checks = new BucketCheck[_options.BucketCount];
        await Parallel.ForAsync(0, checks.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.JobParallelism, CancellationToken = cancellationToken },
            async (b, ct) => checks[b] = await CheckBucketAsync(b, closePeriod, closeE, ct).ConfigureAwait(false)).ConfigureAwait(false);

        var repaired = 0;
        for (var b = 0; b < checks.Length; b++)
        {
            if (checks[b].Correction is { IsEmpty: false } correction)
            {
                repaired += await RepairAsync(b, correction, cancellationToken).ConfigureAwait(false);
            }

            if (checks[b].FoldedLeftovers is { Count: > 0 } leftovers)
            {
                // Already folded into the tallies, left behind when a process stopped between a fold and its deletion.
                await LedgerRows.DeleteFoldedDeltasAsync(_storage.Ledger(b), LedgerKeys.Partition(b), leftovers, cancellationToken).ConfigureAwait(false);
                LogLeftovers(_logger, LedgerKeys.Partition(b), leftovers.Count);
            }
        }

        var differences = checks.Sum(c => c.Correction?.Cells.Count ?? 0);
        var refresh = await _refresher.RefreshAsync(compactAll: true, cancellationToken).ConfigureAwait(false);

        var snapshots = 0;
        string? closedYear = null;
        var alreadyClosed = false;
        if (closePeriod is not null)
        {
            closedYear = closePeriod.Label;
            var scores = CloseYearScores(checks);
            var written = await WriteSnapshotAsync(closePeriod, scores, closeE, "closed-at", cancellationToken).ConfigureAwait(false);
            alreadyClosed = !written;
            snapshots += written ? 1 : 0;
        }

        if (request.WriteSnapshots && await _refresher.EarliestMonthAsync(cancellationToken).ConfigureAwait(false) is { } first)
        {
            var currentMonth = VietnamTime.DayOf(now);
            foreach (var period in LedgerPeriods.Between(first, new DateOnly(currentMonth.Year, currentMonth.Month, 1)).Where(p => p.LastSecond < now))
            {
                var documents = await _refresher.ScoreAsync(period, now, cancellationToken).ConfigureAwait(false);
                snapshots += await WriteSnapshotAsync(period, documents, period.LastSecond, "period-end", cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        var result = new RecomputeResult(RecomputeStatus.Completed, checks.Sum(c => c.Records), differences, repaired,
            checks.Count(c => !c.Verified), checks.Sum(c => c.Unreadable), snapshots, closedYear, alreadyClosed, refresh);
        await _storage.PipelineState.UpsertEntityAsync(new TableEntity("recompute", "last")
        {
            ["At"] = now,
            ["Records"] = result.Records,
            ["Differences"] = result.Differences,
            ["Repaired"] = result.Repaired,
            ["UnverifiedBuckets"] = result.UnverifiedBuckets,
            ["UnreadableRecords"] = result.UnreadableRecords,
            ["SnapshotsWritten"] = result.SnapshotsWritten,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (differences > 0)
        {
            LogDifferences(_logger, differences, repaired);
        }

        LogRecomputed(_logger, result.Records, differences, repaired, result.UnverifiedBuckets, snapshots);
        return result;
    }

    private sealed record BucketCheck(
        bool Verified,
        long Records,
        int Unreadable,
        LedgerDelta? Correction,
        Dictionary<string, OwnTally> CloseOwn,
        List<ChangeRecord> Catalogue,
        List<long> FoldedLeftovers);

    /// <summary>
    /// Reads a whole partition between two reads of its head and compaction marker; when neither
    /// changed, no transaction committed during the scan, so records, tallies and deltas are one
    /// consistent state and their difference is a real one.
    /// </summary>
    private async Task<BucketCheck> CheckBucketAsync(int bucket, Period? closePeriod, DateTimeOffset closeE, CancellationToken cancellationToken)
    {
        var ledger = _storage.Ledger(bucket);
        var partition = LedgerKeys.Partition(bucket);
        for (var attempt = 1; ; attempt++)
        {
            var headBefore = await LedgerHead.ReadAsync(ledger, partition, cancellationToken).ConfigureAwait(false);
            var markerBefore = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Compaction, cancellationToken).ConfigureAwait(false);
            var rows = await LedgerRows.PartitionAsync(ledger, partition, cancellationToken).ConfigureAwait(false);
            var headAfter = await LedgerHead.ReadAsync(ledger, partition, cancellationToken).ConfigureAwait(false);
            var markerAfter = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Compaction, cancellationToken).ConfigureAwait(false);
            var stable = headBefore?.ETag == headAfter?.ETag && markerBefore?.ETag == markerAfter?.ETag;
            if (!stable && attempt < Attempts)
            {
                await StorageBackoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var compacted = markerBefore?.GetInt64("CompactedGen") ?? 0;
            var audit = LedgerAudit.Audit(rows, compacted, closePeriod, closeE);
            if (!stable)
            {
                LogUnverified(_logger, partition);
            }

            // A partition that kept changing under the scan proves nothing: no correction, no cleanup.
            return new BucketCheck(stable, audit.Records, audit.Unreadable, stable ? audit.Correction : null, audit.CloseOwn, audit.Catalogue,
                stable ? audit.FoldedLeftovers : []);
        }
    }

    /// <summary>
    /// Writes the correction as deltas through the head, like any transaction. It stays right even if
    /// applies commit meanwhile: theirs are exact differences of contributions and add to both sides.
    /// </summary>
    private async Task<int> RepairAsync(int bucket, LedgerDelta correction, CancellationToken cancellationToken)
    {
        var ledger = _storage.Ledger(bucket);
        var partition = LedgerKeys.Partition(bucket);
        var repaired = 0;
        foreach (var cells in correction.Cells.Chunk(LedgerWriter.MaxCellsPerDelta))
        {
            var part = new LedgerDelta { Repair = true };
            foreach (var (key, tally) in cells)
            {
                part.Cells[key] = tally;
                LogRepair(_logger, partition, key.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), key.Unit);
            }

            for (var attempt = 1; ; attempt++)
            {
                var head = await LedgerHead.ReadAsync(ledger, partition, cancellationToken).ConfigureAwait(false);
                var generation = LedgerHead.GenerationOf(head) + 1;
                var now = _time.GetUtcNow();
                TableTransactionAction[] actions =
                [
                    new(TableTransactionActionType.Add, part.ToEntity(partition, generation, now)),
                    LedgerHead.Advance(head, partition, appliedAdded: 0, recordsAdded: 0, now),
                ];
                try
                {
                    await ledger.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    repaired += part.Cells.Count;
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < _options.MaxConflictRetries)
                {
                    await StorageBackoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return repaired;
    }

    /// <summary>The year's scores at the closing moment, straight from the records (exact at any moment, unlike month tallies).</summary>
    private IReadOnlyList<UnitScoreDocument> CloseYearScores(BucketCheck[] checks)
    {
        var own = new Dictionary<string, OwnTally>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            foreach (var (unit, tally) in check.CloseOwn)
            {
                LedgerAudit.Own(own, unit).Add(tally);
            }
        }

        var live = checks.SelectMany(c => c.Catalogue).ToList();
        var scores = Scorer.ScoreAll(PeriodScoreBook.TreeOf(live), PeriodScoreBook.CatalogueOf(live), own.GetValueOrDefault, _refresher.Rules);
        return [.. scores.Select(s => UnitScoreDocument.From(s, _refresher.Rules))];
    }

    /// <summary>Writes a period's snapshot unless one exists; snapshots are never overwritten. Rows first, then the marker.</summary>
    private async Task<bool> WriteSnapshotAsync(Period period, IReadOnlyList<UnitScoreDocument> documents, DateTimeOffset asOf, string reason,
        CancellationToken cancellationToken)
    {
        var state = _storage.PipelineState;
        var existing = await state.GetEntityIfExistsAsync<TableEntity>(ScoreRows.SnapshotsMetaPartition, period.Label, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (existing.HasValue)
        {
            return false;
        }

        var actions = documents.Select((doc, order) => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            ScoreRows.ToEntity(period.Label, doc, ScoreRows.Serialize(doc), order, asOf))).ToList();
        await _storage.Snapshots.SubmitInTransactionsAsync(actions, cancellationToken).ConfigureAwait(false);
        await state.AddEntityAsync(new TableEntity(ScoreRows.SnapshotsMetaPartition, period.Label)
        {
            ["AsOf"] = asOf,
            ["Reason"] = reason,
            ["Units"] = documents.Count,
            ["WrittenAt"] = _time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        LogSnapshot(_logger, period.Label, reason, documents.Count);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} delta rows of {Partition} already folded into its tallies")]
    private static partial void LogLeftovers(ILogger logger, string partition, int count);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Recompute: {Records} records, {Differences} differences, {Repaired} repaired, {Unverified} buckets unverified, {Snapshots} snapshots written")]
    private static partial void LogRecomputed(ILogger logger, long records, int differences, int repaired, int unverified, int snapshots);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recompute found {Differences} month tallies that differ from the records; {Repaired} repaired")]
    private static partial void LogDifferences(ILogger logger, int differences, int repaired);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recompute repairs {Partition} month {Month} of unit {Unit}")]
    private static partial void LogRepair(ILogger logger, string partition, string month, string unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recompute could not verify {Partition}: it kept changing during the scan")]
    private static partial void LogUnverified(ILogger logger, string partition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Period} written ({Reason}, {Units} units)")]
    private static partial void LogSnapshot(ILogger logger, string period, string reason, int units);
}
