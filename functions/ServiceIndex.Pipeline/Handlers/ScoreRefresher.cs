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

namespace ServiceIndex.Pipeline.Handlers;

/// <summary>What one refresh did.</summary>
/// <param name="AsOf">The as-of time written with the scores (the metadata rows and the watermark).</param>
/// <param name="Cursor">The feed cursor every change before which the scores include (null: not known yet).</param>
public sealed record RefreshResult(bool FullReload, int DeltasRead, int PeriodsScored, int RowsWritten, int RowsDeleted, int DeltasCompacted,
    DateTimeOffset? AsOf = null, string? Cursor = null);

/// <summary>
/// Keeps the <c>scores</c> table current. Holds in memory, per unit and month, the sum over buckets of
/// the ledger's month tallies; each run reads only the delta rows written since the last (one point
/// read of each bucket's head, then one per new delta), rescoring every period from the earliest
/// month touched up to now, and the current month, quarter and year always (deadlines pass with no
/// event). Writes only score rows whose document changed. Folds delta rows into month tallies
/// (compaction) once a bucket holds <see cref="PipelineOptions.CompactAfter"/> of them.
/// </summary>
public sealed partial class ScoreRefresher
{
    /// <summary>Periods before this many years ago are not rescored (a stray ancient date cannot make the refresh enumerate centuries).</summary>
    public const int HistoryYears = 10;

    private const int RangeReadAbove = 16;

    /// <summary>
    /// How long one refresh may spend folding before it returns (the rest is folded by the next ones):
    /// folding is upkeep that changes no total, so it must not hold back the next scores. During a
    /// backfill deltas arrive faster than this folds them and wait (a catch-up reads only new ones);
    /// once the feed is quiet the next refreshes fold what is left. A recompute folds everything.
    /// </summary>
    private static readonly TimeSpan FoldBudget = TimeSpan.FromSeconds(1);

    /// <summary>Tally rows in one fold transaction (the 100th entity is room for the marker).</summary>
    private const int MaxCellsPerTransaction = TableLimits.EntitiesPerTransaction - 1;

    /// <summary>Cells one fold round rewrites when the tally rows are known (ten transactions).</summary>
    private const int MaxCellsPerRound = 990;

    private readonly PipelineStorage _storage;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly IndexRules _rules;
    private readonly ILogger<ScoreRefresher> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SortedDictionary<DateOnly, MonthTally>> _sums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChangeRecord> _catalogueRecords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _written = new(StringComparer.Ordinal);
    private BucketState[] _buckets;
    private string? _cursor;
    private UnitTree _tree = UnitTree.Empty;
    private Catalogue _catalogue = Catalogue.Empty;
    private bool _loaded;

    /// <param name="rules">Maxima and thresholds (default: <see cref="IndexRules.Default"/>; register an <see cref="IndexRules"/> to change them).</param>
    public ScoreRefresher(PipelineStorage storage, IOptions<PipelineOptions> options, TimeProvider time, ILogger<ScoreRefresher> logger,
        IndexRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _options = options.Value;
        _time = time;
        _rules = rules ?? IndexRules.Default;
        _logger = logger;
        _buckets = NewBuckets();
    }

    public IndexRules Rules => _rules;

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
        try
        {
            // Read before the ledger heads: when nothing was queued or in flight then, every change before the
            // checkpointed cursor is already in the heads read next, so the scores written below include it.
            _cursor = await IncludedCursorAsync(cancellationToken).ConfigureAwait(false) ?? _cursor;
            var full = !_loaded;
            DateOnly? touchedFrom = null;
            var catalogueChanged = false;
            var deltasRead = 0;
            if (!full)
            {
                var catchUp = await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                full = catchUp.NeedFullReload;
                touchedFrom = catchUp.TouchedFrom;
                catalogueChanged = catchUp.CatalogueChanged;
                deltasRead = catchUp.DeltasRead;
            }

            if (full)
            {
                deltasRead = await LoadAllAsync(cancellationToken).ConfigureAwait(false);
                catalogueChanged = true;
            }

            if (catalogueChanged)
            {
                var live = _catalogueRecords.Values.Where(r => !r.Deleted).ToList();
                _tree = PeriodScoreBook.TreeOf(live);
                _catalogue = PeriodScoreBook.CatalogueOf(live);
            }

            var now = _time.GetUtcNow();
            var currentMonth = FirstOfMonth(VietnamTime.DayOf(now));
            var from = catalogueChanged ? EarliestMonth() : touchedFrom;
            var oldest = currentMonth.AddYears(-HistoryYears);
            from = from is not { } f || f > currentMonth ? currentMonth : f < oldest ? oldest : f;
            var periods = LedgerPeriods.Between(from.Value, currentMonth);
            var (written, deleted) = await WritePeriodsAsync(periods, now, cancellationToken).ConfigureAwait(false);
            await RecordWatermarkAsync(now, cancellationToken).ConfigureAwait(false);
            var scored = new RefreshResult(full, deltasRead, periods.Count, written, deleted, 0, now, _cursor);
            Refreshed?.Invoke(this, scored); // the scores are readable now; folding below changes no total
            var compacted = await CompactAsync(compactAll, cancellationToken).ConfigureAwait(false);
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
            return [.. Score(period, period.EvaluationMoment(asOf)).Select(s => UnitScoreDocument.From(s, _rules))];
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
            return EarliestMonth();
        }
        finally
        {
            _gate.Release();
        }
    }

    private DateOnly? EarliestMonth() =>
        _sums.Values.Where(m => m.Count > 0).Select(m => (DateOnly?)m.Keys.First()).DefaultIfEmpty(null).Min();

    private IReadOnlyList<UnitScore> Score(Period period, DateTimeOffset e) =>
        Scorer.ScoreAll(_tree, _catalogue, unit => _sums.TryGetValue(unit, out var months) ? LedgerEvaluator.Evaluate(period, e, months) : null, _rules);

    private async Task<(bool NeedFullReload, DateOnly? TouchedFrom, bool CatalogueChanged, int DeltasRead)> CatchUpAsync(CancellationToken cancellationToken)
    {
        var heads = await Task.WhenAll(Enumerable.Range(0, _buckets.Length)
            .Select(b => LedgerHead.ReadAsync(_storage.Ledger(b), LedgerKeys.Partition(b), cancellationToken))).ConfigureAwait(false);
        DateOnly? touchedFrom = null;
        var catalogueRows = new List<(int Bucket, string RowKey)>();
        var read = 0;
        for (var b = 0; b < _buckets.Length; b++)
        {
            var state = _buckets[b];
            var generation = LedgerHead.GenerationOf(heads[b]);
            if (generation < state.Gen)
            {
                return (true, null, false, read); // the ledger was replaced under us
            }

            if (generation == state.Gen)
            {
                continue;
            }

            var partition = LedgerKeys.Partition(b);
            var ledger = _storage.Ledger(b);
            List<TableEntity> rows;
            if (generation - state.Gen > RangeReadAbove)
            {
                rows = await LedgerRows.RangeAsync(ledger, partition, LedgerKeys.DeltaPrefix, cancellationToken, LedgerKeys.Delta(state.Gen + 1))
                    .ConfigureAwait(false);
            }
            else
            {
                var keys = new List<string>();
                for (var g = state.Gen + 1; g <= generation; g++)
                {
                    keys.Add(LedgerKeys.Delta(g));
                }

                rows = [.. (await LedgerRows.ReadManyAsync(ledger, partition, keys, cancellationToken).ConfigureAwait(false)).Values];
            }

            var deltas = rows.Select(r => (Gen: LedgerKeys.GenerationOfDelta(r.RowKey), Row: r)).Where(d => d.Gen > state.Gen)
                .OrderBy(d => d.Gen).ToList();
            if (deltas.Count == 0 || deltas[0].Gen != state.Gen + 1 || deltas.Where((d, i) => d.Gen != state.Gen + 1 + i).Any())
            {
                return (true, null, false, read); // folded by another process before we read them
            }

            foreach (var (gen, row) in deltas)
            {
                var delta = LedgerDelta.FromEntity(row);
                read++;
                if (delta.Repair)
                {
                    return (true, null, false, read); // a correction: totals in memory may hold the error it corrects
                }

                Apply(delta);
                state.Pending.Add((gen, delta));
                state.Gen = gen;
                foreach (var month in delta.Cells.Keys.Select(k => k.Month))
                {
                    touchedFrom = touchedFrom is { } t && t <= month ? t : month;
                }

                catalogueRows.AddRange(delta.CatalogueRecords.Select(rk => (b, rk)));
            }
        }

        foreach (var group in catalogueRows.GroupBy(c => c.Bucket))
        {
            var keys = group.Select(c => c.RowKey).Distinct(StringComparer.Ordinal).ToList();
            var rows = await LedgerRows.ReadManyAsync(_storage.Ledger(group.Key), LedgerKeys.Partition(group.Key), keys, cancellationToken)
                .ConfigureAwait(false);
            foreach (var row in rows.Values)
            {
                Remember(row);
            }
        }

        return (false, touchedFrom, catalogueRows.Count > 0, read);
    }

    private async Task<int> LoadAllAsync(CancellationToken cancellationToken)
    {
        _sums.Clear();
        _catalogueRecords.Clear();
        _buckets = NewBuckets();
        var loads = new BucketLoad[_buckets.Length];
        await Parallel.ForAsync(0, _buckets.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.JobParallelism, CancellationToken = cancellationToken },
            async (b, ct) => loads[b] = await LoadBucketAsync(b, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var read = 0;
        for (var b = 0; b < loads.Length; b++)
        {
            var load = loads[b];
            var rows = new Dictionary<(DateOnly Month, string Unit), TableEntity>();
            foreach (var row in load.Tallies)
            {
                if (LedgerKeys.TryParseTally(row.RowKey, out var month, out var unit))
                {
                    Add(unit, month, TallyCodec.FromEntity(row));
                    rows[(month, unit)] = row;
                }
            }

            var state = _buckets[b];
            state.CompactedGen = load.CompactedGen;
            state.Gen = load.CompactedGen;
            state.KnowTallies(load.Marker, load.Tallies);
            foreach (var (gen, delta) in load.Deltas)
            {
                foreach (var ((month, unit), tally) in delta.CellsNotFolded(gen, load.CompactedGen, rows))
                {
                    Add(unit, month, tally);
                }

                state.Pending.Add((gen, delta));
                state.Gen = gen;
                read++;
            }

            foreach (var row in load.Catalogue)
            {
                Remember(row);
            }
        }

        _loaded = true;
        return read;
    }

    private sealed record BucketLoad(
        TableEntity? Marker, long CompactedGen, List<TableEntity> Tallies, List<(long Gen, LedgerDelta Delta)> Deltas, List<TableEntity> Catalogue);

    private async Task<BucketLoad> LoadBucketAsync(int bucket, CancellationToken cancellationToken)
    {
        var ledger = _storage.Ledger(bucket);
        var partition = LedgerKeys.Partition(bucket);
        for (var attempt = 1; ; attempt++)
        {
            var before = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Compaction, cancellationToken).ConfigureAwait(false);
            var compacted = before?.GetInt64("CompactedGen") ?? 0;
            var tallies = await LedgerRows.RangeAsync(ledger, partition, LedgerKeys.TallyPrefix, cancellationToken).ConfigureAwait(false);
            var deltaRows = await LedgerRows.RangeAsync(ledger, partition, LedgerKeys.DeltaPrefix, cancellationToken, LedgerKeys.Delta(compacted + 1))
                .ConfigureAwait(false);
            var (procedureFrom, _) = LedgerKeys.RecordRange(RecordKind.Procedure);
            var (_, unitTo) = LedgerKeys.RecordRange(RecordKind.Unit);
            var catalogue = await QueryRangeAsync(ledger, partition, procedureFrom, unitTo, cancellationToken).ConfigureAwait(false);
            var after = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Compaction, cancellationToken).ConfigureAwait(false);
            var deltas = deltaRows.Select(r => (Gen: LedgerKeys.GenerationOfDelta(r.RowKey), Delta: LedgerDelta.FromEntity(r)))
                .OrderBy(d => d.Gen).ToList();
            var contiguous = deltas.Select((d, i) => d.Gen == compacted + 1 + i).All(ok => ok);
            if (before?.ETag == after?.ETag && contiguous)
            {
                return new BucketLoad(before, compacted, tallies, deltas, catalogue);
            }

            if (attempt >= 5)
            {
                throw new InvalidOperationException($"Ledger partition {partition} kept changing while it was loaded (compaction running elsewhere).");
            }

            await StorageBackoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<TableEntity>> QueryRangeAsync(TableClient table, string partition, string from, string to, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private void Remember(TableEntity row)
    {
        var stored = RecordRows.FromEntity(row);
        if (stored.Record is { } record)
        {
            _catalogueRecords[row.RowKey] = record;
        }
    }

    private void Apply(LedgerDelta delta)
    {
        foreach (var ((month, unit), tally) in delta.Cells)
        {
            Add(unit, month, tally);
        }
    }

    private void Add(string unit, DateOnly month, MonthTally tally)
    {
        if (!_sums.TryGetValue(unit, out var months))
        {
            _sums[unit] = months = [];
        }

        if (months.TryGetValue(month, out var held))
        {
            held.Add(tally);
            if (held.IsZero)
            {
                months.Remove(month);
            }
        }
        else if (!tally.IsZero)
        {
            months[month] = tally.Clone();
        }
    }

    private async Task<(int Written, int Deleted)> WritePeriodsAsync(IReadOnlyList<Period> periods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scores = _storage.Scores;
        var written = 0;
        var deleted = 0;
        var meta = new List<TableTransactionAction>();
        foreach (var period in periods)
        {
            var e = period.EvaluationMoment(now);
            var held = await WrittenAsync(period.Label, cancellationToken).ConfigureAwait(false);
            var actions = new List<TableTransactionAction>();
            var present = new HashSet<string>(StringComparer.Ordinal);
            var order = 0;
            foreach (var score in Score(period, e))
            {
                var document = UnitScoreDocument.From(score, _rules);
                var json = ScoreRows.Serialize(document);
                var hash = ScoreRows.Hash(json, order);
                present.Add(document.UnitId);
                if (!held.TryGetValue(document.UnitId, out var previous) || previous != hash)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                        ScoreRows.ToEntity(period.Label, document, json, order, now)));
                    held[document.UnitId] = hash;
                    written++;
                }

                order++;
            }

            foreach (var gone in held.Keys.Where(u => !present.Contains(u)).ToList())
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(period.Label, TableKeys.Escape(gone)), ETag.All));
                held.Remove(gone);
                deleted++;
            }

            try
            {
                await ScoreRows.SubmitAsync(scores, actions, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _written.Remove(period.Label); // unsure what was stored: read it again next time
                throw;
            }

            meta.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(ScoreRows.ScoresMetaPartition, period.Label)
            {
                ["From"] = period.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["To"] = period.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["AsOf"] = now,
                ["E"] = e,
                ["Units"] = present.Count,
            }));
        }

        await ScoreRows.SubmitAsync(_storage.PipelineState, meta, cancellationToken).ConfigureAwait(false);
        return (written, deleted);
    }

    /// <summary>Hashes of the score rows stored for a period (read once per process, then kept current).</summary>
    private async Task<Dictionary<string, string>> WrittenAsync(string label, CancellationToken cancellationToken)
    {
        if (_written.TryGetValue(label, out var held))
        {
            return held;
        }

        held = new Dictionary<string, string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {label}");
        await foreach (var row in _storage.Scores.QueryAsync<TableEntity>(filter, select: ["RowKey", "Hash"], cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            held[TableKeys.Unescape(row.RowKey)] = row.GetString("Hash") ?? "";
        }

        _written[label] = held;
        return held;
    }

    private async Task<int> CompactAsync(bool all, CancellationToken cancellationToken)
    {
        // Buckets are independent (own table, own marker, own state here): fold them side by side.
        var compacted = 0;
        var due = Enumerable.Range(0, _buckets.Length)
            .Where(b => _buckets[b].Pending.Count > 0 && (all || _buckets[b].Pending.Count >= _options.CompactAfter)).ToList();
        var deadline = all ? long.MaxValue : _time.GetTimestamp() + (long)(FoldBudget.TotalSeconds * _time.TimestampFrequency);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _options.JobParallelism, CancellationToken = cancellationToken }, async (b, ct) =>
            Interlocked.Add(ref compacted, await CompactBucketAsync(b, _buckets[b], deadline, ct).ConfigureAwait(false))).ConfigureAwait(false);

        return compacted;
    }

    /// <summary>
    /// Folds the bucket's oldest deltas into its month tallies, in rounds (<see cref="FoldAsync"/>): each
    /// tally row a round changes is rewritten once (If-Match) with the deltas above what it includes, and
    /// the round's last transaction advances the compaction marker (If-Match). Totals do not change, so
    /// readers holding sums in memory need not notice. Every reader ignores delta rows at or below the
    /// marker, so the folded rows are deleted afterwards, in transactions of their own (rows a crash
    /// leaves behind are deleted by the recompute).
    /// </summary>
    private async Task<int> CompactBucketAsync(int bucket, BucketState state, long deadline, CancellationToken cancellationToken)
    {
        var ledger = _storage.Ledger(bucket);
        var partition = LedgerKeys.Partition(bucket);
        var folds = new List<long>();
        var folded = await FoldAsync(ledger, partition, state, folds, deadline, cancellationToken).ConfigureAwait(false);
        if (folds.Count > 0 && await LedgerRows.DeleteFoldedDeltasAsync(ledger, partition, folds, cancellationToken).ConfigureAwait(false) is > 0 and var gone)
        {
            LogFoldedDeltasGone(_logger, partition, gone); // deleted by a recompute meanwhile
        }

        return folded;
    }

    private async Task<int> FoldAsync(TableClient ledger, string partition, BucketState state, List<long> folds, long deadline,
        CancellationToken cancellationToken)
    {
        var folded = 0;
        while (state.Pending.Count > 0 && _time.GetTimestamp() < deadline)
        {
            // One round: the oldest deltas whose cells fit the round, each cell rewritten once for all of them.
            var known = state.Tallies;
            var maxCells = known is null ? MaxCellsPerTransaction : MaxCellsPerRound;
            var cells = new HashSet<(DateOnly Month, string Unit)>();
            var take = 0;
            foreach (var (_, delta) in state.Pending)
            {
                var newCells = delta.Cells.Keys.Count(k => !cells.Contains(k));
                if (take > 0 && cells.Count + newCells > maxCells)
                {
                    break;
                }

                cells.UnionWith(delta.Cells.Keys);
                take++;
            }

            var keys = cells.Select(k => LedgerKeys.Tally(k.Month, k.Unit)).ToList();
            TableEntity? marker;
            Dictionary<string, TableEntity> bases;
            if (known is not null)
            {
                // Known since the last load or fold: the If-Match of every row and of the marker proves nobody else folded since.
                marker = state.Marker;
                bases = keys.Where(known.ContainsKey).ToDictionary(k => k, k => known[k], StringComparer.Ordinal);
            }
            else
            {
                marker = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Compaction, cancellationToken).ConfigureAwait(false);
                bases = await LedgerRows.ReadManyAsync(ledger, partition, keys, cancellationToken).ConfigureAwait(false);
            }

            var markerGen = marker?.GetInt64("CompactedGen") ?? 0;
            if (markerGen != state.Pending[0].Gen - 1)
            {
                // Another process folded some of these already; forget what is gone and stop for now.
                state.Pending.RemoveAll(p => p.Gen <= markerGen);
                state.CompactedGen = markerGen;
                state.ForgetTallies();
                return folded;
            }

            var lastGen = state.Pending[take - 1].Gen;
            var round = state.Pending.Take(take).ToList();
            var actions = new List<TableTransactionAction>();
            foreach (var (month, unit) in cells)
            {
                var key = LedgerKeys.Tally(month, unit);
                var held = bases.GetValueOrDefault(key);
                var change = new MonthTally();
                foreach (var (gen, delta) in round)
                {
                    if (TallyCodec.Counts(gen, markerGen, held) && delta.Cells.TryGetValue((month, unit), out var part))
                    {
                        change.Add(part);
                    }
                }

                if (change.IsZero)
                {
                    continue; // nothing this round changes here: the row keeps what it includes
                }

                var tally = held is null ? new MonthTally() : TallyCodec.FromEntity(held);
                tally.Add(change);
                var entity = TallyCodec.ToEntity(partition, key, tally, includes: lastGen);
                actions.Add(held is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, held.ETag));
            }

            // Tally rows in transactions of up to 99, the marker in the last: until it commits, readers count each
            // delta above the marker in the cells whose row does not include it yet (TallyCodec.IncludesOf).
            var newMarker = new TableEntity(partition, LedgerKeys.Compaction) { ["CompactedGen"] = lastGen, ["At"] = _time.GetUtcNow() };
            var markerAction = marker is null
                ? new TableTransactionAction(TableTransactionActionType.Add, newMarker)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newMarker, marker.ETag);
            var transactions = actions.Chunk(MaxCellsPerTransaction).Select(c => c.ToList()).ToList();
            if (transactions.Count == 0)
            {
                transactions.Add([]); // every change of the round cancelled out: the marker alone
            }

            transactions[^1].Add(markerAction); // chunks hold at most 99 rows: room for it
            foreach (var transaction in transactions)
            {
                try
                {
                    var responses = await ledger.SubmitTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
                    state.RememberFold(transaction, responses.Value);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
                {
                    state.ForgetTallies(); // rows written so far say what they include: the next round adds only the rest
                    LogCompactionConflict(_logger, partition, ex.Status);
                    return folded;
                }
                catch
                {
                    state.ForgetTallies(); // unsure what was stored
                    throw;
                }
            }

            folds.AddRange(round.Select(p => p.Gen));
            state.Pending.RemoveRange(0, take);
            state.CompactedGen = lastGen;
            folded += take;
        }

        return folded;
    }

    /// <summary>Where each bucket's generation stood when the scores were last written, so status can tell whether scores are current.</summary>
    public const string WatermarkPartition = "scores";

    public const string WatermarkRow = "refreshed";

    private async Task RecordWatermarkAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(WatermarkPartition, WatermarkRow)
        {
            ["Generations"] = string.Join(',', _buckets.Select(b => b.Gen.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ["RefreshedAt"] = now,
            ["Cursor"] = _cursor,
        };
        await _storage.PipelineState.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checkpointed cursor when no work message is queued or in flight (approximate counts include invisible messages), else null.</summary>
    private async Task<string?> IncludedCursorAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await _storage.Checkpoints.GetEntityIfExistsAsync<TableEntity>(PullHandler.CheckpointPartition, PullHandler.CheckpointRow,
            select: ["Cursor"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!checkpoint.HasValue)
        {
            return null;
        }

        var queued = await _storage.Changes.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return queued.Value.ApproximateMessagesCount == 0 ? checkpoint.Value!.GetString("Cursor") : null;
    }

    private BucketState[] NewBuckets() => [.. Enumerable.Range(0, _options.BucketCount).Select(_ => new BucketState())];

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private sealed class BucketState
    {
        public long Gen { get; set; }

        public long CompactedGen { get; set; }

        public List<(long Gen, LedgerDelta Delta)> Pending { get; } = [];

        /// <summary>
        /// Every month-tally row of the bucket with its ETag, or null when not known. Valid while
        /// <see cref="Marker"/> is the stored compaction marker: every fold (here or elsewhere) rewrites
        /// the marker If-Match in the same transaction as the tallies, so a stale copy costs one failed
        /// fold, never a wrong tally. Saves reading up to 98 tally rows before each fold.
        /// </summary>
        public Dictionary<string, TableEntity>? Tallies { get; private set; }

        /// <summary>The compaction marker as last read or written (null: none stored yet).</summary>
        public TableEntity? Marker { get; private set; }

        public void KnowTallies(TableEntity? marker, IEnumerable<TableEntity> tallies)
        {
            Marker = marker;
            Tallies = tallies.ToDictionary(t => t.RowKey, StringComparer.Ordinal);
        }

        public void ForgetTallies()
        {
            Tallies = null;
            Marker = null;
        }

        /// <summary>Keeps the tally rows and marker a committed fold wrote, with the ETags the service returned.</summary>
        public void RememberFold(IReadOnlyList<TableTransactionAction> actions, IReadOnlyList<Response> responses)
        {
            if (Tallies is not { } known)
            {
                return;
            }

            if (responses.Count != actions.Count)
            {
                ForgetTallies();
                return;
            }

            for (var i = 0; i < actions.Count; i++)
            {
                var (action, entity) = (actions[i].ActionType, (TableEntity)actions[i].Entity);
                var isTally = entity.RowKey.StartsWith(LedgerKeys.TallyPrefix, StringComparison.Ordinal);
                if (!isTally && entity.RowKey != LedgerKeys.Compaction)
                {
                    continue; // not a row the fold cache keeps
                }

                if (action == TableTransactionActionType.Delete)
                {
                    known.Remove(entity.RowKey);
                    continue;
                }

                if (responses[i].Headers.ETag is not { } etag)
                {
                    ForgetTallies(); // the service did not say: read again next time
                    return;
                }

                entity.ETag = etag;
                if (isTally)
                {
                    known[entity.RowKey] = entity;
                }
                else
                {
                    Marker = entity;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folded delta rows of {Partition} were already gone ({Count}); nothing to do")]
    private static partial void LogFoldedDeltasGone(ILogger logger, string partition, int count);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Scores refreshed (full reload: {Full}): {Deltas} deltas read, {Periods} periods scored, {Written} rows written, {Deleted} deleted, {Compacted} deltas folded")]
    private static partial void LogRefreshed(ILogger logger, bool full, int deltas, int periods, int written, int deleted, int compacted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compaction of {Partition} skipped this time ({Status}): another writer changed it")]
    private static partial void LogCompactionConflict(ILogger logger, string partition, int status);
}
