using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.NationalSync;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Diagnostics;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.NationalSync;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>What one work message did.</summary>
public sealed record ApplyResult(int Items, int Applied, int Duplicates, int Stale, int Rejected, int Transactions, int Conflicts)
{
    public static ApplyResult Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public static ApplyResult operator +(ApplyResult a, ApplyResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Items + b.Items, a.Applied + b.Applied, a.Duplicates + b.Duplicates, a.Stale + b.Stale,
            a.Rejected + b.Rejected, a.Transactions + b.Transactions, a.Conflicts + b.Conflicts);
    }

    public static ApplyResult Add(ApplyResult left, ApplyResult right) => left + right;
}

/// <summary>
/// Applies one work message (queue-triggered, many instances at once): validates every item, files
/// refused ones as dead letters, and applies the rest to their ledger buckets in parallel. Safe to
/// run twice on the same message: dead letters are rewritten in place and versions already stored
/// are duplicates.
/// </summary>
public sealed partial class ApplyJob
{
    private readonly PipelineStorage _storage;
    private readonly LedgerWriter _writer;
    private readonly TimeProvider _time;
    private readonly PipelineMetrics _metrics;
    private readonly ILogger<ApplyJob> _logger;
    private readonly int _parallelism;
    private readonly NationalSyncMappingOptions _nationalSync;

    internal ApplyJob(PipelineStorage storage, LedgerWriter writer, TimeProvider time, PipelineMetrics metrics,
        IOptions<PipelineOptions> options, ILogger<ApplyJob> logger, NationalSyncMappingOptions? nationalSync = null)
    {
        _nationalSync = nationalSync ?? new NationalSyncMappingOptions();
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _writer = writer;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _parallelism = options.Value.ApplyParallelism;
    }

    public async Task<ApplyResult> HandleAsync(WorkMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = PipelineTelemetry.Source.StartActivity(PipelineTelemetry.ApplySpan, ActivityKind.Consumer,
            PipelineTelemetry.ContextOf(message.TraceParent));
        activity?.SetTag("serviceindex.archive.blob", message.Blob);
        activity?.SetTag("serviceindex.work.offset", message.Offset);
        activity?.SetTag("serviceindex.work.count", message.Count);
        var result = await HandleUntracedAsync(message, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("serviceindex.records.applied", result.Applied);
        return result;
    }

    private async Task<ApplyResult> HandleUntracedAsync(WorkMessage message, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (message.Inline is { } inline)
        {
            return await ApplyItemsAsync(message.Blob, message.Offset, [.. inline.EnumerateArray()], cancellationToken).ConfigureAwait(false);
        }

        var content = await _storage.Archive.GetBlobClient(message.Blob).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        if (NationalSyncArchive.IsPush(message.Blob))
        {
            return await ApplyPushAsync(message.Blob, content.Value.Content.ToMemory(), message.Offset, message.Count, cancellationToken).ConfigureAwait(false);
        }

        using var page = FeedPage.TryParse(content.Value.Content.ToArray(), out var error)
            ?? throw new InvalidOperationException($"Archived blob {message.Blob} is not a feed page: {error}");
        if (message.Offset + message.Count > page.Items.Count)
        {
            throw new InvalidOperationException(
                $"Work message asks for items {message.Offset}..{message.Offset + message.Count - 1} of {message.Blob}, which has {page.Items.Count}.");
        }

        var slice = page.Items.Skip(message.Offset).Take(message.Count).ToList();
        return await ApplyItemsAsync(message.Blob, message.Offset, slice, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies feed items read from <paramref name="sourceBlob"/>, the first being item <paramref name="offset"/> of the page.</summary>
    public async Task<ApplyResult> ApplyItemsAsync(string sourceBlob, int offset, IReadOnlyList<JsonElement> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceBlob);
        ArgumentNullException.ThrowIfNull(items);
        return await ApplyParsedAsync(sourceBlob, offset, [.. items.Select(item => (Parse(item), item))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies items already read (a record, a refusal, or neither: skipped), <paramref name="items"/>[i] being item
    /// <paramref name="offset"/>+i of <paramref name="sourceBlob"/>; the raw JSON is what a dead letter keeps.
    /// </summary>
    private async Task<ApplyResult> ApplyParsedAsync(string sourceBlob, int offset, IReadOnlyList<(ParseResult Parsed, JsonElement Raw)> items,
        CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var day = DeadLetter.DayOf(sourceBlob, _time);
        var now = _time.GetUtcNow();
        var rejected = new List<DeadLetter>();
        var byBucket = new Dictionary<int, List<ChangeRecord>>();
        for (var i = 0; i < items.Count; i++)
        {
            var (parsed, item) = items[i];
            var (record, rejection) = (parsed.Record, parsed.Rejection);
            if (record is null && rejection is null)
            {
                continue; // skipped by its reader (a pushed dossier never received for handling)
            }

            if (record is not null && Unstorable(record) is { } why)
            {
                var refusal = new Rejection(RejectionReason.BadLength, "$", null, why)
                {
                    Kind = WireNames.Of(record.Kind), Id = Shorten(record.Id), Version = record.Version,
                };
                rejected.Add(Letter(day, sourceBlob, offset + i, DeadLetter.Unstorable, refusal, item, now));
                continue;
            }

            if (record is null)
            {
                rejected.Add(Letter(day, sourceBlob, offset + i, rejection!.Reason.ToString(), rejection, item, now));
                continue;
            }

            var bucket = LedgerKeys.BucketOf(record.Key, _writer.BucketCount);
            if (!byBucket.TryGetValue(bucket, out var list))
            {
                byBucket[bucket] = list = [];
            }

            list.Add(record);
        }

        if (rejected.Count > 0)
        {
            await DeadLetterWriter.WriteAsync(_storage.DeadLetters, rejected, cancellationToken).ConfigureAwait(false);
            _metrics.Rejected(rejected.Count);
            LogRejected(_logger, rejected.Count, sourceBlob);
        }

        var outcomes = new BucketOutcome[byBucket.Count];
        var buckets = byBucket.ToArray();
        await Parallel.ForAsync(0, buckets.Length, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await _writer.ApplyAsync(buckets[i].Key, buckets[i].Value, ct).ConfigureAwait(false)).ConfigureAwait(false);

        DateTimeOffset? newest = null;
        foreach (var list in byBucket.Values)
        {
            foreach (var record in list)
            {
                newest = newest is { } n && n >= record.ChangedAt ? n : record.ChangedAt;
            }
        }

        _metrics.ApplyDone(Activity.Current?.Context ?? default, newest); // the next refresh serves them: its parent, their freshness
        var result = new ApplyResult(items.Count, outcomes.Sum(o => o.Applied), outcomes.Sum(o => o.Duplicates), outcomes.Sum(o => o.Stale),
            rejected.Count, outcomes.Sum(o => o.Transactions), outcomes.Sum(o => o.Conflicts));
        LogApplied(_logger, result.Applied, result.Duplicates, result.Stale, result.Rejected, sourceBlob, offset);
        return result;
    }

    private static ParseResult Parse(JsonElement item)
    {
        try
        {
            return ChangeRecordParser.Parse(item);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json refuses some strings (e.g. lone surrogates) when they are read: a bad item, not a crash.
            return new ParseResult(null, new Rejection(RejectionReason.InvalidJson, "$", null, $"The item cannot be read: {ex.Message}"));
        }
    }

    /// <summary>Why storage could not hold a record the parser accepted (keys over 1 KiB, a record over ~1 MiB), or null.</summary>
    private static string? Unstorable(ChangeRecord record)
    {
        if (LedgerKeys.Record(record.Key).Length > TableKeys.MaxLength)
        {
            return "The id is too long for a table key once escaped.";
        }

        var unitId = record.Data switch
        {
            DossierData d => d.UnitId,
            FeedbackData f => f.UnitId,
            _ => null,
        };
        if (unitId is not null && LedgerKeys.Tally(DateOnly.MinValue, unitId).Length > TableKeys.MaxLength)
        {
            return "The unitId is too long for a table key once escaped.";
        }

        return RecordJson.Serialize(record).Length > ChunkedProperty.MaxEntityPayload / 2 - 4096
            ? "The record is larger than a table entity can hold (1 MiB)."
            : null;
    }

    private static DeadLetter Letter(string day, string blob, int index, string reason, Rejection rejection, JsonElement item, DateTimeOffset now) =>
        new(day, blob, index, reason, rejection.Field, rejection.Value, rejection.Message, rejection.Kind, rejection.Id, rejection.Version,
            item.GetRawText(), now);

    private static string Shorten(string id) => id.Length <= 256 ? id : id[..256] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Applied} record versions ({Duplicates} duplicate, {Stale} stale, {Rejected} rejected) from {Blob} at {Offset}")]
    private static partial void LogApplied(ILogger logger, int applied, int duplicates, int stale, int rejected, string blob, int offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Count} feed items of {Blob}; they are in the dead-letter table")]
    private static partial void LogRejected(ILogger logger, int count, string blob);
}
