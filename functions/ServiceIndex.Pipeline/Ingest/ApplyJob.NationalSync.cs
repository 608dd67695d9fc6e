using ServiceIndex.Core.Feed;
using ServiceIndex.Core.NationalSync;
using ServiceIndex.Pipeline.NationalSync;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>The apply of an archived national sync call (<see cref="NationalSyncArchive.IsPush"/>): its dossiers mapped, then applied as feed items.</summary>
public sealed partial class ApplyJob
{
    /// <summary>
    /// Applies dossiers <paramref name="offset"/>…<paramref name="offset"/>+<paramref name="count"/>−1 (null: to the end) of the sync call archived as
    /// <paramref name="sourceBlob"/>: mapped ones as records, unmappable ones to the dead letters (index = position in <c>data</c>),
    /// those never received skipped. Other services hold no dossiers: nothing to apply.
    /// </summary>
    public async Task<ApplyResult> ApplyPushAsync(string sourceBlob, ReadOnlyMemory<byte> body, int offset, int? count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceBlob);
        using var payload = NationalSyncPayload.TryParse(body, out var error)
            ?? throw new InvalidOperationException($"Archived blob {sourceBlob} is not a national sync call: {error}");
        if (offset + (long)(count ?? 0) > payload.Count && payload.CarriesDossiers)
        {
            throw new InvalidOperationException(
                $"Work message asks for dossiers {offset}..{offset + count - 1} of {sourceBlob}, which has {payload.Count}.");
        }

        var items = payload.Dossiers(_nationalSync, offset, count ?? int.MaxValue)
            .Select(d => (new ParseResult(d.Record, d.Rejection), d.Raw)).ToList();
        return await ApplyParsedAsync(sourceBlob, offset, items, cancellationToken).ConfigureAwait(false);
    }
}
