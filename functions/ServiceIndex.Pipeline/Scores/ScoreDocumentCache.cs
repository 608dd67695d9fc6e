using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// Whole score documents of standard periods from the <c>scores</c> table, held in memory per
/// period so that scores and rankings are answered without a storage round trip.
/// </summary>
/// <remarks>
/// A period read longer than <see cref="ApiOptions.ScoresRevalidateAfter"/> ago is still served
/// from memory, while one point read in the background (the period's metadata row, which every
/// refresh of the period rewrites with its as-of time) decides whether to read the period's rows
/// again. So a refresh shows up within that delay plus one read, and a period the refresh no longer
/// touches costs one point read every few seconds while it is being asked for.
/// </remarks>
public sealed partial class ScoreDocumentCache
{
    private const int MaxPeriods = 64;

    private readonly PipelineStorage _storage;
    private readonly ApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ScoreDocumentCache> _logger;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ScoreDocumentCache(PipelineStorage storage, IOptions<ApiOptions> options, TimeProvider time, ILogger<ScoreDocumentCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The period's whole document (every unit, hierarchy order); null when the period has not been scored.</summary>
    /// <param name="revalidate">Check storage now rather than in the background (when the held copy lacks something asked for).</param>
    public async Task<ScoreDocument?> GetAsync(Period period, CancellationToken cancellationToken, bool revalidate = false)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (!LedgerPeriods.IsStandard(period))
        {
            throw new ArgumentException("Only years, quarters and months are stored.", nameof(period));
        }

        var entry = _entries.GetOrAdd(period.Label, static _ => new Entry());
        entry.LastUsed = _time.GetTimestamp();
        var loaded = entry.Loaded;
        if (loaded is null || revalidate)
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                loaded = revalidate || entry.Loaded is null
                    ? entry.Loaded = await LoadAsync(period, entry.Loaded, cancellationToken).ConfigureAwait(false)
                    : entry.Loaded;
            }
            finally
            {
                entry.Gate.Release();
            }

            Trim();
            return loaded.Document;
        }

        if (_time.GetElapsedTime(loaded.CheckedAt) >= _options.ScoresRevalidateAfter && Interlocked.CompareExchange(ref entry.Refreshing, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    var next = await LoadAsync(period, entry.Loaded, CancellationToken.None).ConfigureAwait(false);
                    if (next.Document is { } document && !ReferenceEquals(document, entry.Loaded?.Document))
                    {
                        Preparing?.Invoke(this, document); // before it is served: what is derived from it is ready for the first request
                    }

                    entry.Loaded = next;
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or InvalidOperationException or IOException or HttpRequestException)
                {
                    LogRefreshFailed(_logger, period.Label, ex);
                }
                finally
                {
                    Volatile.Write(ref entry.Refreshing, 0);
                }
            }, CancellationToken.None);
        }

        return loaded.Document;
    }

    /// <summary>
    /// Raised in the background with a period's new document before requests get it (not for the first load of a
    /// period, which requests wait for anyway): hosts serialise it and derive rankings ahead of the first request.
    /// </summary>
    public event EventHandler<ScoreDocument>? Preparing;

    /// <summary>
    /// Scores were just written (the refresher in this process says so): each held period is checked again on its next
    /// request, still answered from memory while the check runs, instead of after <see cref="ApiOptions.ScoresRevalidateAfter"/>.
    /// </summary>
    public void Expire()
    {
        foreach (var entry in _entries.Values)
        {
            if (entry.Loaded is { } loaded)
            {
                entry.Loaded = loaded with { CheckedAt = long.MinValue / 2 };
            }
        }
    }

    /// <summary>Forgets everything (after an admin command rewrote the tables).</summary>
    public void Clear() => _entries.Clear();

    private async Task<Loaded> LoadAsync(Period period, Loaded? previous, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var checkedAt = _time.GetTimestamp();
        var meta = await _storage.PipelineState.GetEntityIfExistsAsync<TableEntity>(ScoreRows.ScoresMetaPartition, period.Label,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!meta.HasValue)
        {
            return new Loaded(null, null, checkedAt);
        }

        var asOf = meta.Value!.GetDateTimeOffset("AsOf") ?? default;
        if (previous is { Document: not null } && previous.AsOf == asOf)
        {
            return previous with { CheckedAt = checkedAt };
        }

        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.Label}");
        await foreach (var row in _storage.Scores.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var units = rows.OrderBy(r => r.GetInt32("Order") ?? int.MaxValue).Select(ScoreRows.FromEntity).ToList();
        var document = new ScoreDocument(PeriodInfo.Of(period), Rfc3339.Format(VietnamTime.ToVietnam(asOf)), units);
        return new Loaded(document, asOf, checkedAt);
    }

    private void Trim()
    {
        if (_entries.Count <= MaxPeriods)
        {
            return;
        }

        foreach (var (label, _) in _entries.OrderBy(e => e.Value.LastUsed).Take(_entries.Count - MaxPeriods).ToList())
        {
            _entries.TryRemove(label, out _);
        }
    }

    private sealed record Loaded(ScoreDocument? Document, DateTimeOffset? AsOf, long CheckedAt);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile Loaded? Loaded;

        public int Refreshing;

        public long LastUsed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background read of the scores of {Period} failed; the previous document is served")]
    private static partial void LogRefreshFailed(ILogger logger, string period, Exception exception);
}
