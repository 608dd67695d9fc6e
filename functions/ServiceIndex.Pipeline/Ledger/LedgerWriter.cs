using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Diagnostics;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>What applying a set of records to one bucket did.</summary>
internal readonly record struct BucketOutcome(int Applied, int Duplicates, int Stale, int Transactions, int Conflicts);

/// <summary>
/// Applies record versions to one bucket of the ledger. One entity-group transaction stores the new
/// versions, a delta row with contribution(new) − contribution(old) of every (month, unit) they touch,
/// and the bucket's head (generation + 1, If-Match). Versions decide: a version not newer than the
/// stored one is dropped, so a retried or replayed batch changes nothing. A conflict (another writer
/// committed first) re-reads and retries.
/// </summary>
internal sealed partial class LedgerWriter
{
    /// <summary>Record rows of a transaction: beside them go the head and the delta.</summary>
    private const int MaxRecordsPerTransaction = TableLimits.EntitiesPerTransaction - 2;

    /// <summary>Cells of one delta, so that folding a delta into month tallies fits in one transaction too.</summary>
    public const int MaxCellsPerDelta = TableLimits.EntitiesPerTransaction - 2;

    private const int MaxTransactionBytes = TableLimits.TransactionBytes;

    private readonly PipelineStorage _storage;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly PipelineMetrics _metrics;
    private readonly FaultInjection _faults;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly SemaphoreSlim[] _bucketGates;
    private readonly BucketCache[] _caches;

    public LedgerWriter(PipelineStorage storage, IOptions<PipelineOptions> options, TimeProvider time, PipelineMetrics metrics,
        FaultInjection faults, ILogger<LedgerWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _faults = faults;
        _logger = logger;
        _bucketGates = [.. Enumerable.Range(0, _options.BucketCount).Select(_ => new SemaphoreSlim(1, 1))];
        _caches = [.. Enumerable.Range(0, _options.BucketCount).Select(_ => new BucketCache())];
    }

    public int BucketCount => _options.BucketCount;

    public async Task<BucketOutcome> ApplyAsync(int bucket, IReadOnlyList<ChangeRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var table = _storage.Ledger(bucket);
        var partition = LedgerKeys.Partition(bucket);

        // Within the batch itself, only the newest version of each record matters.
        var duplicates = 0;
        var stale = 0;
        var newest = new Dictionary<RecordKey, ChangeRecord>();
        foreach (var record in records)
        {
            if (!newest.TryGetValue(record.Key, out var held))
            {
                newest[record.Key] = record;
                continue;
            }

            switch (VersionedState.Compare(held.Version, record.Version))
            {
                case VersionOutcome.Accepted:
                    newest[record.Key] = record;
                    stale++;
                    break;
                case VersionOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    stale++;
                    break;
            }
        }

        var pending = newest.Values.OrderBy(r => LedgerKeys.Record(r.Key), StringComparer.Ordinal).ToList();
        var mustRead = pending.Where(r => !(_options.AssumeFirstVersionIsNew && r.Version == 1)).Select(r => r.Key).ToHashSet();
        int applied = 0, transactions = 0, conflicts = 0;

        // Writers of one process take turns per bucket; other processes are kept honest by ETags.
        var gate = _bucketGates[bucket];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cache = _caches[bucket];
            while (pending.Count > 0)
            {
                // The head is read only when this process does not know it; every record row it wrote or
                // read is known too. Knowledge is trusted only through the head's If-Match below: any other
                // writer changes the head's ETag, the transaction fails, and the cache starts over.
                if (!cache.HeadKnown)
                {
                    cache.Reset();
                    cache.Head = await LedgerHead.ReadAsync(table, partition, cancellationToken).ConfigureAwait(false);
                    cache.HeadKnown = true;
                    cache.Complete = cache.Head is null; // an empty bucket: every record it will hold passes through here
                }

                var head = cache.Head;
                var keysToRead = cache.Complete
                    ? []
                    : pending.Where(r => mustRead.Contains(r.Key)).Select(r => LedgerKeys.Record(r.Key))
                        .Where(k => !cache.Records.ContainsKey(k)).ToList();
                foreach (var (key, row) in await LedgerRows.ReadManyAsync(table, partition, keysToRead, cancellationToken).ConfigureAwait(false))
                {
                    cache.Records[key] = RecordRows.FromEntity(row);
                }

                var accepted = new List<(ChangeRecord New, StoredRecord? Old)>(pending.Count);
                foreach (var record in pending)
                {
                    var old = cache.Records.GetValueOrDefault(LedgerKeys.Record(record.Key));
                    switch (VersionedState.Compare(old?.Version, record.Version))
                    {
                        case VersionOutcome.Duplicate:
                            duplicates++;
                            break;
                        case VersionOutcome.Stale:
                            stale++;
                            break;
                        default:
                            accepted.Add((record, old));
                            break;
                    }
                }

                if (accepted.Count == 0)
                {
                    break;
                }

                var (actions, chunk) = BuildTransaction(partition, head, accepted);
                try
                {
                    var responses = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    cache.Remember(actions, chunk, responses.Value, _options.RecordCacheLimit / Math.Max(1, _options.BucketCount));
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
                {
                    cache.HeadKnown = false;
                    pending = [.. accepted.Select(a => a.New)];
                    var unread = AssumedNewButStored(ex, actions, chunk).Where(k => !mustRead.Contains(k)).ToList();
                    if (unread.Count > 0)
                    {
                        // Not a conflict: a version-1 record written blind exists already. Read it next time.
                        mustRead.UnionWith(unread);
                        continue;
                    }

                    conflicts++;
                    _metrics.Conflict();
                    if (conflicts > _options.MaxConflictRetries)
                    {
                        LogGaveUp(_logger, partition, conflicts);
                        throw;
                    }

                    LogConflict(_logger, partition, ex.Status, conflicts);
                    await StorageBackoff.WaitAsync(conflicts, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                transactions++;
                applied += chunk.Count;
                var now = _time.GetUtcNow();
                foreach (var (record, _) in chunk)
                {
                    _metrics.Lag(now - record.ChangedAt);
                }

                var done = chunk.Select(c => c.New.Key).ToHashSet();
                pending = [.. accepted.Select(a => a.New).Where(r => !done.Contains(r.Key))];
                _faults.At(FaultInjection.Committed);
            }
        }
        finally
        {
            gate.Release();
        }

        _metrics.Applied(applied);
        _metrics.Duplicates(duplicates);
        _metrics.Stale(stale);
        return new BucketOutcome(applied, duplicates, stale, transactions, conflicts);
    }

    /// <summary>As many accepted records as fit in one transaction, their delta row and the head.</summary>
    private (List<TableTransactionAction> Actions, List<(ChangeRecord New, StoredRecord? Old)> Chunk) BuildTransaction(
        string partition, LedgerHead? head, List<(ChangeRecord New, StoredRecord? Old)> accepted)
    {
        var delta = new LedgerDelta();
        var actions = new List<TableTransactionAction>();
        var chunk = new List<(ChangeRecord New, StoredRecord? Old)>();
        var bytes = 0;
        foreach (var (record, old) in accepted)
        {
            var entity = RecordRows.ToEntity(partition, record, RecordJson.Serialize(record));
            var size = ChunkedProperty.EstimateSize(entity);
            var change = new LedgerDelta();
            if (old is { Deleted: false, Record: { } previous })
            {
                MonthContribution.Add(previous, -1, change.Cell);
            }

            MonthContribution.Add(record, +1, change.Cell);
            var newCells = change.Cells.Keys.Count(k => !delta.Cells.ContainsKey(k));
            if (chunk.Count > 0 &&
                (chunk.Count >= MaxRecordsPerTransaction || delta.Cells.Count + newCells > MaxCellsPerDelta || bytes + size > MaxTransactionBytes))
            {
                break;
            }

            delta.Add(change);
            if (record.Kind is RecordKind.Unit or RecordKind.Procedure)
            {
                delta.CatalogueRecords.Add(entity.RowKey);
            }

            actions.Add(old is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, old.ETag));
            chunk.Add((record, old));
            bytes += size;
        }

        delta.RemoveZeroCells();
        var now = _time.GetUtcNow();
        var generation = LedgerHead.GenerationOf(head) + 1;
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, delta.ToEntity(partition, generation, now)));
        actions.Add(LedgerHead.Advance(head, partition, chunk.Count, chunk.Count(c => c.Old is null), now));
        return (actions, chunk);
    }

    /// <summary>Keys of records written blind (Add, not read first) that turned out to exist.</summary>
    private static List<RecordKey> AssumedNewButStored(
        TableTransactionFailedException ex, List<TableTransactionAction> actions, List<(ChangeRecord New, StoredRecord? Old)> chunk)
    {
        if (ex.Status != 409)
        {
            return [];
        }

        if (ex.FailedTransactionActionIndex is { } index)
        {
            return index < chunk.Count && actions[index].ActionType == TableTransactionActionType.Add ? [chunk[index].New.Key] : [];
        }

        // The service did not say which row failed: read every record we wrote blind.
        return [.. chunk.Where(c => c.Old is null).Select(c => c.New.Key)];
    }

    /// <summary>
    /// What this process knows of one bucket: its head and record rows as last written or read, with
    /// their ETags. Used only while the head's ETag still matches (checked by the service on every
    /// transaction), so a stale cache costs one failed transaction, never a wrong count.
    /// </summary>
    private sealed class BucketCache
    {
        public bool HeadKnown { get; set; }

        public LedgerHead? Head { get; set; }

        /// <summary>Every record of the bucket is in <see cref="Records"/> (the bucket was empty when first seen).</summary>
        public bool Complete { get; set; }

        public Dictionary<string, StoredRecord> Records { get; } = new(StringComparer.Ordinal);

        public void Reset()
        {
            HeadKnown = false;
            Head = null;
            Complete = false;
            Records.Clear();
        }

        /// <summary>Keeps the rows a committed transaction wrote, with the ETags the service returned.</summary>
        public void Remember(List<TableTransactionAction> actions, List<(ChangeRecord New, StoredRecord? Old)> chunk,
            IReadOnlyList<Response> responses, int limit)
        {
            if (responses.Count != actions.Count || responses.Any(r => r.Headers.ETag is null))
            {
                HeadKnown = false; // the service did not say; read again next time
                return;
            }

            for (var i = 0; i < chunk.Count; i++)
            {
                var (record, _) = chunk[i];
                var rowKey = actions[i].Entity.RowKey;
                Records[rowKey] = new StoredRecord(rowKey, record.Version, record.Deleted, record, responses[i].Headers.ETag!.Value);
            }

            Head = LedgerHead.From((TableEntity)actions[^1].Entity)! with { ETag = responses[^1].Headers.ETag!.Value };
            HeadKnown = true;
            if (Records.Count > limit)
            {
                // Bounded memory: forget the rows, keep the head; absent rows are read again.
                Records.Clear();
                Complete = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ledger partition {Partition}: conflict {Status}, retry {Attempt}")]
    private static partial void LogConflict(ILogger logger, string partition, int status, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger partition {Partition}: gave up after {Attempts} conflicts; the message will be retried")]
    private static partial void LogGaveUp(ILogger logger, string partition, int attempts);
}
