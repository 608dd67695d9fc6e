using Azure.Data.Tables;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Api;

/// <summary>Rejected feed items with their reasons (<c>GET /api/dead-letters</c>), newest day first.</summary>
public sealed class DeadLettersQuery(PipelineStorage storage)
{
    /// <param name="day">Only items of pages received that day (Vietnam date of the archive), or all.</param>
    /// <param name="max">At most this many.</param>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(DateOnly? day = null, int max = 1000, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = day is { } d
            ? TableClient.CreateQueryFilter($"PartitionKey eq {d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}")
            : null;
        var letters = new List<DeadLetter>();
        await foreach (var row in storage.DeadLetters.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            letters.Add(DeadLetter.FromEntity(row));
        }

        return [.. letters.OrderByDescending(l => l.Day, StringComparer.Ordinal)
            .ThenBy(l => l.SourceBlob, StringComparer.Ordinal).ThenBy(l => l.Index).Take(max)];
    }
}
