using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// The ledger's record rows held in memory for the read side (units, late and due-soon dossiers,
/// custom day ranges, the target's overdue dossiers): memory and the first load are O(records).
/// </summary>
/// <remarks>
/// <para>After the first load (a range query per bucket over its <c>r|</c> rows), a request older
/// than <see cref="ApiOptions.RecordsRevalidateAfter"/> is served from memory while a background
/// check reads the 16 bucket heads; only buckets whose generation moved are read again, and only
/// their rows written since shortly before the newest row already seen (<c>Timestamp ge …</c>,
/// five minutes of overlap). Versions decide, so reading a row twice changes nothing. A ledger
/// that went back (replaced) and every <see cref="ApiOptions.RecordsFullReloadAfter"/> reload in full.</para>
/// <para>Record rows are never deleted (a deleted record stays as a tombstone), so an incremental
/// read cannot miss a removal.</para>
/// </remarks>
public sealed partial class LedgerRecordCache
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    private readonly PipelineStorage _storage;
    private readonly ApiOptions _options;
    private readonly int _bucketCount;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerRecordCache> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Held> _rows = new(StringComparer.Ordinal);
    private long[] _generations = [];
    private DateTimeOffset[] _newest = [];
    private long _lastFullReload;
    private long _version;
    private volatile LedgerView? _view;
    private long _checkedAt;
    private int _refreshing;

    public LedgerRecordCache(PipelineStorage storage, IOptions<ApiOptions> options, IOptions<PipelineOptions> pipeline, TimeProvider time,
        ILogger<LedgerRecordCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        _storage = storage;
        _options = options.Value;
        _bucketCount = pipeline.Value.BucketCount;
        _time = time;
        _logger = logger;
    }

    /// <summary>The current view: from memory when one is held (revalidated in the background when old), else loaded now.</summary>
    public async Task<LedgerView> GetAsync(CancellationToken cancellationToken)
    {
        var view = _view;
        if (view is null)
        {
            return await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_time.GetElapsedTime(Interlocked.Read(ref _checkedAt)) >= _options.RecordsRevalidateAfter &&
            Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or InvalidOperationException or IOException or HttpRequestException)
                {
                    LogRefreshFailed(_logger, ex);
                }
                finally
                {
                    Volatile.Write(ref _refreshing, 0);
                }
            }, CancellationToken.None);
        }

        return view;
    }

    /// <summary>Reads what changed now and returns the new view (admin commands call this after changing the ledger).</summary>
    public async Task<LedgerView> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            var heads = await Task.WhenAll(Enumerable.Range(0, _bucketCount)
                .Select(b => LedgerHead.ReadAsync(_storage.Ledger(b), LedgerKeys.Partition(b), cancellationToken))).ConfigureAwait(false);
            var generations = heads.Select(LedgerHead.GenerationOf).ToArray();
            var full = _view is null || _generations.Length != _bucketCount ||
                       generations.Where((g, b) => g < _generations[b]).Any() ||
                       _time.GetElapsedTime(_lastFullReload) >= _options.RecordsFullReloadAfter;
            if (full)
            {
                _rows.Clear();
                _newest = new DateTimeOffset[_bucketCount];
                _lastFullReload = started;
            }

            var buckets = Enumerable.Range(0, _bucketCount).Where(b => full || generations[b] != _generations[b]).ToList();
            var reads = await Task.WhenAll(buckets.Select(b => ReadBucketAsync(b, full || _newest[b] == default ? null : _newest[b] - Overlap, cancellationToken)))
                .ConfigureAwait(false);
            var changed = full;
            var catalogueChanged = full;
            for (var i = 0; i < buckets.Count; i++)
            {
                foreach (var row in reads[i])
                {
                    if (row.Timestamp is { } ts && ts > _newest[buckets[i]])
                    {
                        _newest[buckets[i]] = ts;
                    }

                    var stored = RecordRows.FromEntity(row);
                    if (!_rows.TryGetValue(row.RowKey, out var held) || held.Version < stored.Version)
                    {
                        _rows[row.RowKey] = new Held(stored.Version, stored.Deleted ? null : stored.Record);
                        changed = true;
                        catalogueChanged |= IsCatalogue(row.RowKey);
                    }
                }
            }

            _generations = generations;
            if (changed || _view is null)
            {
                // One exactly sized list (a growing one would copy large arrays: garbage the API's latency pays for),
                // and the previous hierarchy and catalogue when no unit or procedure record changed.
                var live = new List<ChangeRecord>(_rows.Count);
                foreach (var held in _rows.Values)
                {
                    if (held.Live is not null)
                    {
                        live.Add(held.Live);
                    }
                }

                _view = new LedgerView(Interlocked.Increment(ref _version), _time.GetUtcNow(), live, catalogueChanged ? null : _view);
                LogLoaded(_logger, full, buckets.Count, live.Count, _time.GetElapsedTime(started).TotalMilliseconds);
            }

            Interlocked.Exchange(ref _checkedAt, _time.GetTimestamp());
            return _view;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<TableEntity>> ReadBucketAsync(int bucket, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var partition = LedgerKeys.Partition(bucket);
        var to = LedgerKeys.After(LedgerKeys.RecordPrefix);
        var filter = since is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {LedgerKeys.RecordPrefix} and RowKey lt {to} and Timestamp ge {s}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {LedgerKeys.RecordPrefix} and RowKey lt {to}");
        var rows = new List<TableEntity>();
        await foreach (var row in _storage.Ledger(bucket).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static bool IsCatalogue(string rowKey) =>
        rowKey.StartsWith(UnitRows, StringComparison.Ordinal) || rowKey.StartsWith(ProcedureRows, StringComparison.Ordinal);

    private static readonly string UnitRows = LedgerKeys.RecordRange(RecordKind.Unit).From;
    private static readonly string ProcedureRows = LedgerKeys.RecordRange(RecordKind.Procedure).From;

    private sealed record Held(long Version, ChangeRecord? Live);

    [LoggerMessage(Level = LogLevel.Information, Message = "Record rows read for the API (full: {Full}, buckets read: {Buckets}): {Live} live records in {Milliseconds} ms")]
    private static partial void LogLoaded(ILogger logger, bool full, int buckets, int live, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background read of record rows failed; the previous view is served")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
