using Microsoft.Extensions.Options;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ingest;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One rejected feed item (<c>docs/api.md</c>).</summary>
/// <param name="Day">Vietnamese day the page holding it was received.</param>
public sealed record DeadLetterItem(
    string Reason,
    string? Field,
    string? Value,
    string? Message,
    string? Kind,
    string? Id,
    long? Version,
    string SourceBlob,
    int Index,
    string? RejectedAt,
    string Day);

/// <summary>The response of <c>GET /api/dead-letters</c>: newest first.</summary>
public sealed record DeadLettersResponse(int Total, IReadOnlyList<DeadLetterItem> Items);

/// <summary><c>GET /api/dead-letters?[limit=N]</c>: rejected records with their reasons (limit 1–1000, default 100).</summary>
public sealed class DeadLettersHandler
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private readonly DeadLettersQuery _query;
    private readonly RecentResults<IReadOnlyList<DeadLetter>> _recent;

    public DeadLettersHandler(DeadLettersQuery query, TimeProvider time, IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _query = query;
        _recent = new RecentResults<IReadOnlyList<DeadLetter>>(time, options.Value.SmallReadsCacheFor);
    }

    public async Task<ApiResult<DeadLettersResponse>> GetAsync(string? limit, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryInt(limit, "limit", 1, MaxLimit, DefaultLimit, out var take, out var problem))
        {
            return problem;
        }

        var all = await _recent.GetAsync("all", () => _query.ListAsync(max: int.MaxValue, cancellationToken: CancellationToken.None))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var items = all
            .OrderByDescending(l => l.Day, StringComparer.Ordinal)
            .ThenByDescending(l => l.SourceBlob, StringComparer.Ordinal)
            .ThenBy(l => l.Index)
            .Take(take)
            .Select(l => new DeadLetterItem(l.Reason, l.Field, l.Value, l.Message, l.Kind, l.Id, l.Version, l.SourceBlob, l.Index,
                l.RecordedAt is { } at ? Rfc3339.Format(VietnamTime.ToVietnam(at)) : null, l.Day))
            .ToList();
        return new DeadLettersResponse(all.Count, items);
    }
}
