using Azure.Data.Tables;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// Reads score documents (<c>interfaces.md</c>) of standard periods (year, quarter, month) from the
/// <c>scores</c> table the refresh keeps current, or from the frozen <c>snapshots</c>.
/// </summary>
public sealed class ScoresQuery(PipelineStorage storage)
{
    /// <summary>The period's scores, optionally one level or one unit; null when the period has not been scored.</summary>
    public Task<ScoreDocument?> GetAsync(Period period, string? level = null, string? unitId = null, CancellationToken cancellationToken = default) =>
        ReadAsync(storage.Scores, ScoreRows.ScoresMetaPartition, period, level, unitId, cancellationToken);

    /// <summary>The period's snapshot (written once when it ended, or when its year was closed); null when there is none.</summary>
    public Task<ScoreDocument?> GetSnapshotAsync(Period period, string? level = null, string? unitId = null, CancellationToken cancellationToken = default) =>
        ReadAsync(storage.Snapshots, ScoreRows.SnapshotsMetaPartition, period, level, unitId, cancellationToken);

    private async Task<ScoreDocument?> ReadAsync(TableClient table, string metaPartition, Period period, string? level, string? unitId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (!LedgerPeriods.IsStandard(period))
        {
            throw new ArgumentException("Stored scores exist for years, quarters and months; a custom day range is scored from records.", nameof(period));
        }

        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var meta = await storage.PipelineState.GetEntityIfExistsAsync<TableEntity>(metaPartition, period.Label, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!meta.HasValue)
        {
            return null;
        }

        var asOf = meta.Value!.GetDateTimeOffset("AsOf") ?? default;
        var rows = new List<TableEntity>();
        if (unitId is not null)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(period.Label, TableKeys.Escape(unitId), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (row.HasValue && (level is null || row.Value!.GetString("Level") == level))
            {
                rows.Add(row.Value!);
            }
        }
        else
        {
            var filter = level is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {period.Label}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {period.Label} and Level eq {level}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }
        }

        var units = rows.OrderBy(r => r.GetInt32("Order") ?? int.MaxValue).Select(ScoreRows.FromEntity).ToList();
        return new ScoreDocument(PeriodInfo.Of(period), Rfc3339.Format(VietnamTime.ToVietnam(asOf)), units);
    }
}
