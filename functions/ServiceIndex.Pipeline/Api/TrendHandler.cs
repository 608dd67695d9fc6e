using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One month of a unit's trend.</summary>
/// <param name="Source"><c>snapshot</c> (frozen when the month ended) or <c>live</c> (the scores table: the current month, or an ended month not yet frozen).</param>
public sealed record TrendPoint(string Period, decimal Total, string Rating, IReadOnlyDictionary<string, decimal> Groups, string Source);

/// <summary>The response of <c>GET /api/trend</c>: oldest month first; months with no scores are left out.</summary>
public sealed record TrendResponse(string UnitId, int Months, IReadOnlyList<TrendPoint> Points);

/// <summary>
/// <c>GET /api/trend?unitId=U[&amp;months=N]</c> (N 1–60, default 12; default unit: the province): month-by-month
/// totals of one unit from the period snapshots, and the live scores for the current month.
/// </summary>
public sealed class TrendHandler
{
    public const int DefaultMonths = 12;
    public const int MaxMonths = 60;

    private readonly PipelineStorage _storage;
    private readonly LedgerRecordCache _records;
    private readonly ScoreDocumentCache _scores;
    private readonly TimeProvider _time;
    private readonly RecentResults<TrendResponse> _recent;

    public TrendHandler(PipelineStorage storage, LedgerRecordCache records, ScoreDocumentCache scores, TimeProvider time, IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _records = records;
        _scores = scores;
        _time = time;
        _recent = new RecentResults<TrendResponse>(time, options.Value.SmallReadsCacheFor);
    }

    public async Task<ApiResult<TrendResponse>> GetAsync(string? unitId, string? months, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryInt(months, "months", 1, MaxMonths, DefaultMonths, out var n, out var problem))
        {
            return problem;
        }

        var tree = (await _records.GetAsync(cancellationToken).ConfigureAwait(false)).Tree;
        string unit;
        if (string.IsNullOrEmpty(unitId))
        {
            if (tree.Roots.Count == 0)
            {
                return new TrendResponse("", n, []);
            }

            unit = tree.Roots[0];
        }
        else if (!tree.Contains(unitId))
        {
            return QueryInput.UnknownUnit(unitId);
        }
        else
        {
            unit = unitId;
        }

        var current = Period.MonthOf(VietnamTime.Today(_time));
        var key = $"{unit}|{n}|{current.Label}";
        return await _recent.GetAsync(key, () => ReadAsync(unit, n, current)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets cached trends (after an admin command).</summary>
    public void Clear() => _recent.Clear();

    private async Task<TrendResponse> ReadAsync(string unit, int months, Period current)
    {
        await _storage.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        var periods = Enumerable.Range(0, months).Select(i => Period.MonthOf(current.From.AddMonths(-(months - 1 - i)))).ToList();
        var points = await Task.WhenAll(periods.Select(p => PointAsync(p, unit, p == current))).ConfigureAwait(false);
        return new TrendResponse(unit, months, [.. points.Where(p => p is not null).Select(p => p!)]);
    }

    private async Task<TrendPoint?> PointAsync(Period month, string unit, bool isCurrent)
    {
        if (isCurrent)
        {
            var live = (await _scores.GetAsync(month, CancellationToken.None).ConfigureAwait(false))?.Units
                .FirstOrDefault(u => string.Equals(u.UnitId, unit, StringComparison.Ordinal));
            return live is null ? null : Point(month, live, "live");
        }

        var key = TableKeys.Escape(unit);
        var snapshot = await _storage.Snapshots.GetEntityIfExistsAsync<TableEntity>(month.Label, key).ConfigureAwait(false);
        if (snapshot.HasValue)
        {
            return Point(month, ScoreRows.FromEntity(snapshot.Value!), "snapshot");
        }

        var stored = await _storage.Scores.GetEntityIfExistsAsync<TableEntity>(month.Label, key).ConfigureAwait(false);
        return stored.HasValue ? Point(month, ScoreRows.FromEntity(stored.Value!), "live") : null;
    }

    private static TrendPoint Point(Period month, UnitScoreDocument unit, string source) =>
        new(month.Label, unit.Total, unit.Rating, unit.Groups, source);
}
