using Azure.Data.Tables;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// The scores' watermark (row <c>scores/refreshed</c> of the pipeline state): where each bucket's generation stood when
/// the scores were last written and which feed cursor they include, so status can tell whether scores are current.
/// </summary>
public static class ScoreWatermark
{
    public const string Partition = "scores";

    public const string Row = "refreshed";

    /// <summary>Records the generation each bucket was read up to when scores were written at <paramref name="now"/>, and the cursor they include.</summary>
    internal static async Task RecordAsync(PipelineStorage storage, IEnumerable<LedgerBucket> buckets, DateTimeOffset now, string? cursor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var entity = new TableEntity(Partition, Row)
        {
            ["Generations"] = string.Join(',', buckets.Select(b => b.Gen.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ["RefreshedAt"] = now,
            ["Cursor"] = cursor,
        };
        await storage.PipelineState.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checkpointed cursor when no work message is queued or in flight (approximate counts include invisible messages), else null.</summary>
    public static async Task<string?> IncludedCursorAsync(PipelineStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var checkpoint = await storage.Checkpoints.GetEntityIfExistsAsync<TableEntity>(PullJob.CheckpointPartition, PullJob.CheckpointRow,
            select: ["Cursor"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!checkpoint.HasValue)
        {
            return null;
        }

        var queued = await storage.Changes.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return queued.Value.ApproximateMessagesCount == 0 ? checkpoint.Value!.GetString("Cursor") : null;
    }
}
