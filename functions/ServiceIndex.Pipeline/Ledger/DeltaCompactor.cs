using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// Folds delta rows into the month tallies (compaction): upkeep that changes no total, so readers holding sums in
/// memory need not notice, and a bucket's reads stay short. Rows a crash leaves behind are deleted by the recompute.
/// </summary>
internal sealed partial class DeltaCompactor(PipelineStorage storage, PipelineOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// How long one refresh may spend folding before it returns (the rest is folded by the next ones):
    /// folding is upkeep that changes no total, so it must not hold back the next scores. During a
    /// backfill deltas arrive faster than this folds them and wait (a catch-up reads only new ones);
    /// once the feed is quiet the next refreshes fold what is left. A recompute folds everything.
    /// </summary>
    private static readonly TimeSpan FoldBudget = TimeSpan.FromSeconds(1);

    /// <summary>Tally rows in one fold transaction (the last entity is room for the marker).</summary>
    private const int MaxCellsPerTransaction = TableLimits.EntitiesPerTransaction - 1;

    /// <summary>Cells one fold round rewrites when the tally rows are known (ten transactions).</summary>
    private const int MaxCellsPerRound = 990;

    /// <summary>Folds the buckets holding <see cref="PipelineOptions.CompactAfter"/> pending deltas or more (all of them when <paramref name="all"/>), within the fold budget unless all.</summary>
    public async Task<int> CompactAsync(LedgerBucket[] buckets, bool all, CancellationToken cancellationToken)
    {
        // Buckets are independent (own table, own marker, own state here): fold them side by side.
        var compacted = 0;
        var due = Enumerable.Range(0, buckets.Length)
            .Where(b => buckets[b].Pending.Count > 0 && (all || buckets[b].Pending.Count >= options.CompactAfter)).ToList();
        var deadline = all ? long.MaxValue : time.GetTimestamp() + (long)(FoldBudget.TotalSeconds * time.TimestampFrequency);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.JobParallelism, CancellationToken = cancellationToken }, async (b, ct) =>
            Interlocked.Add(ref compacted, await CompactBucketAsync(b, buckets[b], deadline, ct).ConfigureAwait(false))).ConfigureAwait(false);

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
    private async Task<int> CompactBucketAsync(int bucket, LedgerBucket state, long deadline, CancellationToken cancellationToken)
    {
        var ledger = storage.Ledger(bucket);
        var partition = LedgerKeys.Partition(bucket);
        var folds = new List<long>();
        var folded = await FoldAsync(ledger, partition, state, folds, deadline, cancellationToken).ConfigureAwait(false);
        if (folds.Count > 0 && await LedgerRows.DeleteFoldedDeltasAsync(ledger, partition, folds, cancellationToken).ConfigureAwait(false) is > 0 and var gone)
        {
            LogFoldedDeltasGone(logger, partition, gone); // deleted by a recompute meanwhile
        }

        return folded;
    }

    private async Task<int> FoldAsync(TableClient ledger, string partition, LedgerBucket state, List<long> folds, long deadline,
        CancellationToken cancellationToken)
    {
        var folded = 0;
        while (state.Pending.Count > 0 && time.GetTimestamp() < deadline)
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
            var newMarker = new TableEntity(partition, LedgerKeys.Compaction) { ["CompactedGen"] = lastGen, ["At"] = time.GetUtcNow() };
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
                    LogCompactionConflict(logger, partition, ex.Status);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folded delta rows of {Partition} were already gone ({Count}); nothing to do")]
    private static partial void LogFoldedDeltasGone(ILogger logger, string partition, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compaction of {Partition} skipped this time ({Status}): another writer changed it")]
    private static partial void LogCompactionConflict(ILogger logger, string partition, int status);
}
