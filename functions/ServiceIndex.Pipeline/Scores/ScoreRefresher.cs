using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>What one refresh did.</summary>
/// <param name="AsOf">The as-of time written with the scores (the metadata rows and the watermark).</param>
/// <param name="Cursor">The feed cursor every change before which the scores include (null: not known yet).</param>
public sealed record RefreshResult(bool FullReload, int DeltasRead, int PeriodsScored, int RowsWritten, int RowsDeleted, int DeltasCompacted,
    DateTimeOffset? AsOf = null, string? Cursor = null);

/// <summary>
/// Keeps the <c>scores</c> table current, as a small orchestrator: the ledger held in memory (<see cref="LedgerMirror"/>)
/// is brought up to date by reading only the delta rows written since the last run (<see cref="LedgerLoader"/>); every
/// period from the earliest month touched up to now is rescored, and the current month, quarter and year always
/// (deadlines pass with no event); only score rows whose document changed are written (<see cref="ScoreTableWriter"/>),
/// then the watermark (<see cref="ScoreWatermark"/>); last, delta rows are folded into month tallies once a bucket holds
/// <see cref="PipelineOptions.CompactAfter"/> of them (<see cref="DeltaCompactor"/>).
/// </summary>
public sealed partial class ScoreRefresher
{
    /// <summary>Periods before this many years ago are not rescored (a stray ancient date cannot make the refresh enumerate centuries).</summary>
    public const int HistoryYears = 10;

    private readonly PipelineStorage _storage;
    private readonly TimeProvider _time;
    private readonly IndexRules _rules;
    private readonly ILogger<ScoreRefresher> _logger;
    private readonly Diagnostics.PipelineMetrics? _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LedgerMirror _mirror = new();
    private readonly LedgerLoader _loader;
    private readonly ScoreTableWriter _writer;
    private readonly DeltaCompactor _compactor;
    private LedgerBucket[] _buckets;
    private string? _cursor;
    private bool _loaded;

    /// <param name="rules">Maxima and thresholds (default: <see cref="IndexRules.Default"/>; register an <see cref="IndexRules"/> to change them).</param>
    /// <param name="metrics">The refresh's span, duration, scores written and freshness (null: not measured).</param>
    public ScoreRefresher(PipelineStorage storage, IOptions<PipelineOptions> options, TimeProvider time, ILogger<ScoreRefresher> logger,
        IndexRules? rules = null, Diagnostics.PipelineMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _time = time;
        _rules = rules ?? IndexRules.Default;
        _logger = logger;
        _loader = new LedgerLoader(storage, options.Value);
        _writer = new ScoreTableWriter(storage, _rules);
        _compactor = new DeltaCompactor(storage, options.Value, time, logger);
        _buckets = LedgerLoader.NewBuckets(options.Value.BucketCount);
    }

    public IndexRules Rules => _rules;

    /// <summary>Whether the ledger is held in memory (a refresh has loaded it), so <see cref="ScoreAsync"/> answers from it.</summary>
    internal bool HoldsLedger => _loaded;

    /// <summary>
    /// Raised as soon as a refresh has written the scores and its watermark, before it folds deltas
    /// (<see cref="RefreshResult.DeltasCompacted"/> is 0 here): caches expire, benchmarks map an as-of time
    /// to the feed position it includes.
    /// </summary>
    public event EventHandler<RefreshResult>? Refreshed;

    public Task<RefreshResult> RefreshAsync(CancellationToken cancellationToken) => RefreshAsync(compactAll: false, cancellationToken);

    /// <param name="compactAll">Fold every delta row into the month tallies, not only in buckets over the threshold.</param>
    public async Task<RefreshResult> RefreshAsync(bool compactAll, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var measured = _metrics?.StartRefresh(); // after the gate: it includes every apply finished before it reads
        try
        {
            // Read before the ledger heads: when nothing was queued or in flight then, every change before the
            // checkpointed cursor is already in the heads read next, so the scores written below include it.
            _cursor = await ScoreWatermark.IncludedCursorAsync(_storage, cancellationToken).ConfigureAwait(false) ?? _cursor;
            var full = !_loaded;
            DateOnly? touchedFrom = null;
            var catalogueChanged = false;
            var deltasRead = 0;
            if (!full)
            {
                var catchUp = await _loader.CatchUpAsync(_buckets, _mirror, cancellationToken).ConfigureAwait(false);
                full = catchUp.NeedFullReload;
                touchedFrom = catchUp.TouchedFrom;
                catalogueChanged = catchUp.CatalogueChanged;
                deltasRead = catchUp.DeltasRead;
            }

            if (full)
            {
                (_buckets, deltasRead) = await _loader.LoadAllAsync(_mirror, cancellationToken).ConfigureAwait(false);
                _loaded = true;
                catalogueChanged = true;
            }

            if (catalogueChanged)
            {
                _mirror.RebuildCatalogue();
            }

            var now = _time.GetUtcNow();
            var currentMonth = FirstOfMonth(VietnamTime.DayOf(now));
            var from = catalogueChanged ? _mirror.EarliestMonth : touchedFrom;
            var oldest = currentMonth.AddYears(-HistoryYears);
            from = from is not { } f || f > currentMonth ? currentMonth : f < oldest ? oldest : f;
            var periods = LedgerPeriods.Between(from.Value, currentMonth);
            var (written, deleted) = await _writer.WritePeriodsAsync(periods, now, (p, e) => _mirror.Score(p, e, _rules), cancellationToken)
                .ConfigureAwait(false);
            await ScoreWatermark.RecordAsync(_storage, _buckets, now, _cursor, cancellationToken).ConfigureAwait(false);
            var scored = new RefreshResult(full, deltasRead, periods.Count, written, deleted, 0, now, _cursor);
            if (measured is not null)
            {
                _metrics!.RefreshDone(measured, written, deleted);
            }

            Refreshed?.Invoke(this, scored); // the scores are readable now; folding below changes no total
            var compacted = await _compactor.CompactAsync(_buckets, compactAll, cancellationToken).ConfigureAwait(false);
            LogRefreshed(_logger, full, deltasRead, periods.Count, written, deleted, compacted);
            return scored with { DeltasCompacted = compacted };
        }
        catch
        {
            // The catch-up already moved the generations held in memory past deltas whose months were not
            // rescored yet: without a full reload the next refresh would see nothing new, record its watermark
            // and leave those periods stale for good. Found by the fault campaign (a storage error mid-refresh).
            _loaded = false;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Scores one standard period from the ledger held in memory (after a refresh), as of <paramref name="asOf"/>.</summary>
    internal async Task<IReadOnlyList<UnitScoreDocument>> ScoreAsync(Period period, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return [.. _mirror.Score(period, period.EvaluationMoment(asOf), _rules).Select(s => UnitScoreDocument.From(s, _rules))];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The first month holding any counter (null: none), as of the last refresh.</summary>
    internal async Task<DateOnly?> EarliestMonthAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _mirror.EarliestMonth;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Scores refreshed (full reload: {Full}): {Deltas} deltas read, {Periods} periods scored, {Written} rows written, {Deleted} deleted, {Compacted} deltas folded")]
    private static partial void LogRefreshed(ILogger logger, bool full, int deltas, int periods, int written, int deleted, int compacted);
}
