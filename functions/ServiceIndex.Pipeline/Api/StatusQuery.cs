using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// Pipeline health for <c>GET /api/status</c> (<c>interfaces.md</c>): the first six fields are the
/// stable contract; the rest are extra detail.
/// </summary>
public sealed record PipelineStatus(
    bool CaughtUp,
    DateTimeOffset? LastPullAt,
    long RecordsApplied,
    int QueuedMessages,
    long DeadLetters,
    string? Cursor,
    long RecordsStored,
    int PoisonMessages,
    long PagesPulled,
    long ItemsPulled,
    string? LastError,
    DateTimeOffset? ScoresAsOf = null,
    string? ScoresCursor = null);

public sealed class StatusQuery(PipelineStorage storage, IOptions<PipelineOptions> options)
{
    private readonly int _buckets = options.Value.BucketCount;

    public async Task<PipelineStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var checkpointTask = storage.Checkpoints.GetEntityIfExistsAsync<TableEntity>(PullJob.CheckpointPartition, PullJob.CheckpointRow,
            cancellationToken: cancellationToken);
        var queuedTask = storage.Changes.GetPropertiesAsync(cancellationToken);
        var poisonTask = storage.Poison.GetPropertiesAsync(cancellationToken);
        var headsTask = Task.WhenAll(Enumerable.Range(0, _buckets)
            .Select(b => LedgerHead.ReadAsync(storage.Ledger(b), LedgerKeys.Partition(b), cancellationToken)));
        var deadLettersTask = CountAsync(storage.DeadLetters, cancellationToken);
        var watermarkTask = storage.PipelineState.GetEntityIfExistsAsync<TableEntity>(ScoreWatermark.Partition, ScoreWatermark.Row,
            cancellationToken: cancellationToken);
        var checkpoint = await checkpointTask.ConfigureAwait(false);
        var queued = (await queuedTask.ConfigureAwait(false)).Value.ApproximateMessagesCount;
        var poison = (await poisonTask.ConfigureAwait(false)).Value.ApproximateMessagesCount;
        var heads = await headsTask.ConfigureAwait(false);
        var deadLetters = await deadLettersTask.ConfigureAwait(false);
        var c = checkpoint.HasValue ? checkpoint.Value! : null;

        var watermark = await watermarkTask.ConfigureAwait(false);
        var refreshed = (watermark.HasValue ? watermark.Value!.GetString("Generations") : null)?.Split(',') ?? [];
        var scoresCurrent = refreshed.Length == heads.Length && heads.Select((h, b) =>
            long.Parse(refreshed[b], System.Globalization.CultureInfo.InvariantCulture) >= LedgerHead.GenerationOf(h)).All(ok => ok);

        // Approximate counts include messages being processed (invisible), so 0 means nothing in flight;
        // and the scores must already include every change applied.
        var caughtUp = (c?.GetBoolean("CaughtUp") ?? false) && queued == 0 && scoresCurrent;
        return new PipelineStatus(
            caughtUp,
            c?.GetDateTimeOffset("LastPullAt"),
            heads.Sum(h => h?.Applied ?? 0),
            queued,
            deadLetters,
            c?.GetString("Cursor"),
            heads.Sum(h => h?.Records ?? 0),
            poison,
            c?.GetInt64("Pages") ?? 0,
            c?.GetInt64("Items") ?? 0,
            c?.GetString("LastError"),
            watermark.HasValue ? watermark.Value!.GetDateTimeOffset("RefreshedAt") : null,
            watermark.HasValue ? watermark.Value!.GetString("Cursor") : null);
    }

    private static async Task<long> CountAsync(TableClient table, CancellationToken cancellationToken)
    {
        long n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            n++;
        }

        return n;
    }
}
