using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// Imported national rankings in table <c>nationalranking</c>: PartitionKey = period label, RowKey
/// <c>table</c>, the whole table as JSON in one entity (≤ 100 provinces), so an import replaces it atomically.
/// </summary>
public sealed class NationalRankingStore
{
    private const string Row = "table";

    /// <summary><see cref="NationalRankingDocument.Source"/> of an upload.</summary>
    public const string AdminSource = "admin";

    /// <summary><see cref="NationalRankingDocument.Source"/> of a table read from the national portal.</summary>
    public const string PortalSource = "portal";

    private readonly PipelineStorage _storage;
    private readonly TimeProvider _time;
    private readonly RecentResults<NationalRankingDocument?> _recent;

    public NationalRankingStore(PipelineStorage storage, TimeProvider time, IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _time = time;
        _recent = new RecentResults<NationalRankingDocument?>(time, options.Value.SmallReadsCacheFor);
    }

    /// <summary>Saves the table of a period, replacing whatever was stored for it (an admin upload or an earlier portal read: the newest wins).</summary>
    /// <param name="source"><c>admin</c> (an upload) or <c>portal</c> (read from the national portal).</param>
    public async Task<NationalRankingDocument> SaveAsync(Period period, IReadOnlyList<NationalProvince> provinces, CancellationToken cancellationToken,
        string source = AdminSource)
    {
        ArgumentNullException.ThrowIfNull(period);
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var document = new NationalRankingDocument(period.Label, Rfc3339.Format(VietnamTime.ToVietnam(_time.GetUtcNow())), provinces, source);
        var entity = new TableEntity(period.Label, Row) { ["Provinces"] = provinces.Count, ["ImportedAt"] = _time.GetUtcNow() };
        ChunkedProperty.SetString(entity, "Json", JsonSerializer.Serialize(document, PipelineJson.Options));
        await _storage.NationalRanking.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _recent.Clear();
        return document;
    }

    /// <summary>The ranking imported for exactly this period label, or null.</summary>
    public Task<NationalRankingDocument?> GetAsync(string label, CancellationToken cancellationToken) =>
        _recent.GetAsync(label, () => ReadAsync(label)).WaitAsync(cancellationToken);

    /// <summary>
    /// The ranking that applies to <paramref name="period"/>: the one imported for the period itself,
    /// else for its quarter, else for its year (the portal publishes yearly tables most often).
    /// </summary>
    public async Task<NationalRankingDocument?> FindForAsync(Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var labels = period.Kind switch
        {
            PeriodKind.Year => [period.Label],
            PeriodKind.Quarter => [period.Label, Period.YearOf(period.From).Label],
            _ => new[] { period.Label, Period.QuarterOf(period.From).Label, Period.YearOf(period.From).Label },
        };
        foreach (var label in labels)
        {
            if (await GetAsync(label, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private async Task<NationalRankingDocument?> ReadAsync(string label)
    {
        await _storage.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        var row = await _storage.NationalRanking.GetEntityIfExistsAsync<TableEntity>(label, Row).ConfigureAwait(false);
        return row.HasValue && ChunkedProperty.GetString(row.Value!, "Json") is { } json
            ? JsonSerializer.Deserialize<NationalRankingDocument>(json, PipelineJson.Options)
            : null;
    }
}
