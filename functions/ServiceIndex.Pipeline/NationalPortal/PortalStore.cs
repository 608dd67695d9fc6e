using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.NationalPortal;

/// <summary>One period of the latest read.</summary>
/// <param name="Provinces">Rows stored (null when this period's read failed: its previous table is kept).</param>
/// <param name="Units">Children of our province's progress tree stored (null when not read or failed).</param>
public sealed record PortalPeriodRead(string Period, bool Ok, int? Provinces, int? Units, string? Error);

/// <summary>
/// The national portal reader's state, as <c>GET /api/status</c> shows it under <c>nationalPortal</c>.
/// </summary>
/// <param name="Enabled">A base URL is configured.</param>
/// <param name="LastReadAt">When the last read started.</param>
/// <param name="LastSuccessAt">When a read last stored every period it asked for.</param>
/// <param name="LastError">What went wrong in the last read (null when it succeeded): the tables stored before it are kept.</param>
public sealed record PortalReadStatus(bool Enabled, string? BaseUrl, string? ProvinceId, string? LastReadAt, string? LastSuccessAt, string? LastError,
    IReadOnlyList<PortalPeriodRead> Periods);

/// <summary>A progress tree as stored: the period, the Vietnamese day it was read and when.</summary>
public sealed record StoredPortalTree(string Period, string Day, string ReadAt, PortalTree Tree);

/// <summary>
/// What the portal reader keeps beside the national tables (<see cref="NationalRankingStore"/>), in the same table
/// <c>nationalranking</c>: its status (PartitionKey <c>portal-status</c>) and the progress trees, one per period and day
/// (PartitionKey = period label, RowKey <c>tree|yyyy-MM-dd</c>), each as JSON in one entity.
/// </summary>
public sealed class PortalStore(PipelineStorage storage)
{
    private const string StatusPartition = "portal-status";
    private const string StatusRow = "status";
    private const string TreePrefix = "tree|";

    /// <summary>Raised after a read's status is stored (the API's status cache forgets its copy).</summary>
    public event EventHandler? StatusSaved;

    public async Task SaveStatusAsync(PortalReadStatus status, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(StatusPartition, StatusRow);
        ChunkedProperty.SetString(entity, "Json", JsonSerializer.Serialize(status, PipelineJson.Options));
        await storage.NationalRanking.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        StatusSaved?.Invoke(this, EventArgs.Empty);
    }

    public async Task<PortalReadStatus?> GetStatusAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await storage.NationalRanking.GetEntityIfExistsAsync<TableEntity>(StatusPartition, StatusRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && ChunkedProperty.GetString(row.Value!, "Json") is { } json ? JsonSerializer.Deserialize<PortalReadStatus>(json, PipelineJson.Options) : null;
    }

    /// <summary>Keeps the tree read on <paramref name="day"/> (a second read the same day replaces the first).</summary>
    public async Task SaveTreeAsync(Period period, DateOnly day, DateTimeOffset readAt, PortalTree tree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var stored = new StoredPortalTree(period.Label, Day(day), Rfc3339.Format(VietnamTime.ToVietnam(readAt)), tree);
        var entity = new TableEntity(period.Label, TreePrefix + stored.Day);
        ChunkedProperty.SetString(entity, "Json", JsonSerializer.Serialize(stored, PipelineJson.Options));
        await storage.NationalRanking.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest tree kept for the period, or null.</summary>
    public async Task<StoredPortalTree?> GetLatestTreeAsync(Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        TableEntity? newest = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.Label} and RowKey ge {TreePrefix} and RowKey lt {"tree}"}");
        await foreach (var row in storage.NationalRanking.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            newest = row; // rows come in RowKey order: the last is the newest day
        }

        return newest is not null && ChunkedProperty.GetString(newest, "Json") is { } json ? JsonSerializer.Deserialize<StoredPortalTree>(json, PipelineJson.Options) : null;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
