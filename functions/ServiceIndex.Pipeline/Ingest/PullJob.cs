using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Diagnostics;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ingest;

public enum PullStatus
{
    /// <summary>Read until the head of the feed or the end of the time budget.</summary>
    Completed,

    /// <summary>Another puller holds the lease.</summary>
    Skipped,

    /// <summary>The feed could not be read; the checkpoint stays at the last page stored.</summary>
    Failed,
}

/// <summary>What one pull run did.</summary>
public sealed record PullResult(PullStatus Status, int Pages, int Items, int Messages, bool CaughtUp, string? Cursor, string? Error = null);

/// <summary>
/// Reads the change feed from the checkpointed cursor (timer-triggered, singleton by a blob lease).
/// Per page: archive the raw body, enqueue work messages, and only then advance the checkpoint. A
/// crash anywhere re-reads the same page: archiving and enqueueing are repeatable, and the apply
/// drops versions it already holds.
/// </summary>
public sealed partial class PullJob
{
    /// <summary>Checkpoint row: table <c>checkpoints</c>, PartitionKey <c>feed</c>, RowKey <c>cursor</c>.</summary>
    public const string CheckpointPartition = "feed";

    public const string CheckpointRow = "cursor";

    private readonly PipelineStorage _storage;
    private readonly FeedClient _feed;
    private readonly FeedOptions _feedOptions;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly PipelineMetrics _metrics;
    private readonly FaultInjection _faults;
    private readonly ILogger<PullJob> _logger;
    private readonly PipelineTriggers? _triggers;

    internal PullJob(PipelineStorage storage, FeedClient feed, IOptions<FeedOptions> feedOptions, IOptions<PipelineOptions> options,
        TimeProvider time, PipelineMetrics metrics, FaultInjection faults, ILogger<PullJob> logger, PipelineTriggers? triggers = null)
    {
        _triggers = triggers;
        ArgumentNullException.ThrowIfNull(feedOptions);
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _feed = feed;
        _feedOptions = feedOptions.Value;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _faults = faults;
        _logger = logger;
    }

    /// <param name="budget">How long to keep reading pages (default <see cref="PipelineOptions.PullBudget"/>).</param>
    public async Task<PullResult> RunAsync(TimeSpan? budget, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var lease = await SingletonLease.TryAcquireAsync(_storage.Leases, StorageNames.PullLease, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LogSkipped(_logger);
            return new PullResult(PullStatus.Skipped, 0, 0, 0, false, null);
        }

        await using (lease.ConfigureAwait(false))
        {
            using var run = PipelineTelemetry.Source.StartActivity(PipelineTelemetry.PullSpan);
            try
            {
                return await PullAsync(budget ?? _options.PullBudget, lease.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lease.Lost && !cancellationToken.IsCancellationRequested)
            {
                LogLeaseLost(_logger);
                return new PullResult(PullStatus.Failed, 0, 0, 0, false, null, "The pull lease was lost.");
            }
        }
    }

    private async Task<PullResult> PullAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var checkpoints = _storage.Checkpoints;
        var response = await checkpoints.GetEntityIfExistsAsync<TableEntity>(CheckpointPartition, CheckpointRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var checkpoint = response.HasValue ? response.Value! : new TableEntity(CheckpointPartition, CheckpointRow);
        var exists = response.HasValue;
        var cursor = checkpoint.GetString("Cursor");
        int pages = 0, items = 0, messages = 0;
        var caughtUp = false;
        while (clock.Elapsed < budget)
        {
            FeedPage page;
            try
            {
                page = await _feed.GetPageAsync(cursor, _feedOptions.PageSize, cancellationToken).ConfigureAwait(false);
            }
            catch (FeedRequestException ex)
            {
                _metrics.FeedFailed();
                Activity.Current?.SetStatus(ActivityStatusCode.Error, ex.Message);
                checkpoint["LastError"] = ex.Message;
                checkpoint["LastErrorAt"] = _time.GetUtcNow();
                checkpoint["CaughtUp"] = false;
                await TrySaveAsync(checkpoints, checkpoint, exists, cancellationToken).ConfigureAwait(false);
                return new PullResult(PullStatus.Failed, pages, items, messages, false, cursor, ex.Message);
            }

            // One trace per page that holds changes: archive, enqueue and every apply of its items (PipelineTelemetry).
            using var traced = page.Items.Count > 0 ? PipelineTelemetry.StartRoot(PipelineTelemetry.PageSpan, Activity.Current?.Context ?? default) : default;
            using (page)
            {
                var now = _time.GetUtcNow();
                var sequence = checkpoint.GetInt64("Sequence") ?? 0;
                if (page.Items.Count > 0)
                {
                    sequence++;
                    var blob = FeedArchive.BlobName(now, sequence, cursor);
                    traced.Activity?.SetTag("serviceindex.feed.items", page.Items.Count);
                    traced.Activity?.SetTag("serviceindex.archive.blob", blob);
                    using (PipelineTelemetry.Source.StartActivity(PipelineTelemetry.ArchiveSpan))
                    {
                        await _storage.Archive.GetBlobClient(blob).UploadAsync(new BinaryData(page.Body), overwrite: true, cancellationToken)
                            .ConfigureAwait(false);
                    }

                    _faults.At(FaultInjection.Archived);

                    var work = WorkMessage.Split(blob, page.Items, _options.BatchSize, _options.InlineMessageBytes,
                        PipelineTelemetry.TraceParentOf(traced.Activity));
                    var queue = _storage.Changes;
                    using (PipelineTelemetry.Source.StartActivity(PipelineTelemetry.EnqueueSpan, ActivityKind.Producer))
                    {
                        await Task.WhenAll(work.Select(m => queue.SendMessageAsync(m.ToBinaryData(), visibilityTimeout: null,
                            timeToLive: TimeSpan.FromSeconds(-1), cancellationToken))).ConfigureAwait(false);
                    }

                    _faults.At(FaultInjection.Enqueued);
                    _triggers?.WorkQueued.Raise();
                    messages += work.Count;
                    pages++;
                    items += page.Items.Count;
                    _metrics.Pulled(page.Items.Count);
                    LogPage(_logger, sequence, page.Items.Count, work.Count, blob);
                }

                // Only now that the page is archived and its work queued may the cursor move past it.
                checkpoint["Cursor"] = page.Next;
                checkpoint["Sequence"] = sequence;
                checkpoint["Pages"] = (checkpoint.GetInt64("Pages") ?? 0) + (page.Items.Count > 0 ? 1 : 0);
                checkpoint["Items"] = (checkpoint.GetInt64("Items") ?? 0) + page.Items.Count;
                checkpoint["LastPullAt"] = now;
                checkpoint["CaughtUp"] = !page.HasMore;
                checkpoint.Remove("LastError");
                checkpoint.Remove("LastErrorAt");
                checkpoint = await SaveAsync(checkpoints, checkpoint, exists, cancellationToken).ConfigureAwait(false);
                exists = true;
                _metrics.Gauges.PageRead(NewestChangeOf(page), !page.HasMore, now);
                cursor = page.Next;
                caughtUp = !page.HasMore;
                if (!page.HasMore || page.Items.Count == 0)
                {
                    break;
                }
            }
        }

        LogPulled(_logger, pages, items, messages, caughtUp);
        return new PullResult(PullStatus.Completed, pages, items, messages, caughtUp, cursor);
    }

    /// <summary>The newest <c>changedAt</c> among the page's items (null: none readable); the feed lag gauge is measured from it.</summary>
    private static DateTimeOffset? NewestChangeOf(FeedPage page)
    {
        DateTimeOffset? newest = null;
        foreach (var item in page.Items)
        {
            if (item.ValueKind == System.Text.Json.JsonValueKind.Object && item.TryGetProperty("changedAt", out var at) &&
                at.ValueKind == System.Text.Json.JsonValueKind.String && at.TryGetDateTimeOffset(out var changedAt) &&
                (newest is not { } n || changedAt > n))
            {
                newest = changedAt;
            }
        }

        return newest;
    }

    /// <summary>Writes the checkpoint with optimistic concurrency; returns it with its new ETag.</summary>
    private static async Task<TableEntity> SaveAsync(TableClient table, TableEntity checkpoint, bool exists, CancellationToken cancellationToken)
    {
        var response = exists
            ? await table.UpdateEntityAsync(checkpoint, checkpoint.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
            : await table.AddEntityAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        checkpoint.ETag = response.Headers.ETag ?? default;
        return checkpoint;
    }

    private async Task TrySaveAsync(TableClient table, TableEntity checkpoint, bool exists, CancellationToken cancellationToken)
    {
        try
        {
            await SaveAsync(table, checkpoint, exists, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            LogCheckpointNotSaved(_logger, ex.Status);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull skipped: another puller holds the lease")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Sequence}: {Items} items archived as {Blob} and queued as {Messages} messages")]
    private static partial void LogPage(ILogger logger, long sequence, int items, int messages, string blob);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Pages} pages, {Items} items, {Messages} messages; caught up: {CaughtUp}")]
    private static partial void LogPulled(ILogger logger, int pages, int items, int messages, bool caughtUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull lease lost; stopped before the next page")]
    private static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint error state not saved (status {Status})")]
    private static partial void LogCheckpointNotSaved(ILogger logger, int status);
}
