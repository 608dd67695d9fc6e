using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.NationalSync;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>What one replay did.</summary>
public sealed record ReplayResult(int Blobs, ApplyResult Applied);

/// <summary>
/// The disaster-recovery path: applies every archived page of <c>feed-archive</c>, in name (= pull)
/// order, through the same apply as the queue. Idempotent: a second replay finds only duplicates.
/// </summary>
public sealed partial class ReplayJob(PipelineStorage storage, ApplyJob apply, IOptions<PipelineOptions> options, ILogger<ReplayJob> logger)
{
    private readonly PipelineOptions _options = options.Value;

    public Task<ReplayResult> RunAsync(CancellationToken cancellationToken) => RunAsync(day: null, cancellationToken);

    /// <param name="day">Only the pages received on this day (Vietnam time; the archive's <c>yyyy/MM/dd/</c> folder). Null: all.</param>
    public async Task<ReplayResult> RunAsync(DateOnly? day, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        var prefix = day is { } d ? d.ToString("yyyy'/'MM'/'dd'/'", System.Globalization.CultureInfo.InvariantCulture) : null;
        await foreach (var blob in storage.Archive.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            names.Add(blob.Name);
        }

        names.Sort(StringComparer.Ordinal);

        // Versions decide, so pages may be applied in any order: a few at a time.
        var total = ApplyResult.Empty;
        var gate = new Lock();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = _options.JobParallelism, CancellationToken = cancellationToken }, async (name, ct) =>
        {
            var result = await ReplayPageAsync(name, ct).ConfigureAwait(false);
            lock (gate)
            {
                total += result;
            }
        }).ConfigureAwait(false);

        LogReplayed(logger, names.Count, total.Applied, total.Duplicates, total.Stale, total.Rejected);
        return new ReplayResult(names.Count, total);
    }

    private async Task<ApplyResult> ReplayPageAsync(string name, CancellationToken cancellationToken)
    {
        var content = await storage.Archive.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        if (NationalSyncArchive.IsPush(name))
        {
            return await apply.ApplyPushAsync(name, content.Value.Content.ToMemory(), 0, null, cancellationToken).ConfigureAwait(false);
        }

        using var page = FeedPage.TryParse(content.Value.Content.ToArray(), out var error);
        if (page is null)
        {
            LogUnreadable(logger, name, error!);
            return ApplyResult.Empty;
        }

        var result = ApplyResult.Empty;
        for (var offset = 0; offset < page.Items.Count; offset += _options.BatchSize)
        {
            var slice = page.Items.Skip(offset).Take(_options.BatchSize).ToList();
            result += await apply.ApplyItemsAsync(name, offset, slice, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Blobs} archived pages: {Applied} applied, {Duplicates} duplicate, {Stale} stale, {Rejected} rejected")]
    private static partial void LogReplayed(ILogger logger, int blobs, int applied, int duplicates, int stale, int rejected);

    [LoggerMessage(Level = LogLevel.Error, Message = "Archived blob {Blob} is not a feed page and was skipped: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string blob, string reason);
}
