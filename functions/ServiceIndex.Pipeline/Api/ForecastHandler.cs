using System.Collections.Concurrent;
using System.Globalization;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>A total and the five groups.</summary>
public sealed record ForecastScore(decimal Total, IReadOnlyDictionary<string, decimal> Groups);

/// <summary>One unit's score now, at the period's end if nobody acts, and the change between them (end − now).</summary>
public sealed record ForecastUnit(string UnitId, string Name, string Level, string? ParentId, ForecastScore Today, ForecastScore AtEnd, ForecastScore Change);

/// <summary>
/// What keeps the points the forecast loses: the open dossiers of the unit's subtree whose deadline falls before the
/// period's end, soonest first (the target page's P1 step, before the deadline instead of after it).
/// </summary>
/// <param name="Count">Dossiers due before the period's end (all of them, whatever <paramref name="Dossiers"/> shows).</param>
/// <param name="PointsKept">P1 points (and so total points) the unit keeps at the period's end if every one is handled before its deadline, to 2 decimals.</param>
/// <param name="PointsPerDossier">What one of them is worth at the period's end figures (P1 is linear below its cap).</param>
/// <param name="Dossiers">The first <see cref="ForecastHandler.MaxDossiers"/>, soonest deadline first.</param>
public sealed record ForecastActions(string UnitId, int Count, decimal PointsKept, decimal PointsPerDossier, string Description,
    IReadOnlyList<DueSoonDossier> Dossiers);

/// <summary>The response of <c>GET /api/forecast</c> (<c>docs/api.md</c>).</summary>
/// <param name="AsOf">When today's scores were computed.</param>
/// <param name="At">The moment the forecast is evaluated at: the period's last second.</param>
public sealed record ForecastResponse(PeriodInfo Period, string AsOf, string At, IReadOnlyList<ForecastUnit> Units, ForecastActions? Actions);

/// <summary>
/// <c>GET /api/forecast?period=P[&amp;unitId=U]</c>: each unit's score at the period's end on the records as they stand
/// (every open dossier whose deadline falls before the end becomes overdue; no new dossiers), beside today's, and the
/// dossiers whose handling before their deadline keeps those points.
/// </summary>
public sealed class ForecastHandler(PeriodScores scores, LedgerScores ledger, LedgerRecordCache records, TimeProvider time)
{
    public const int MaxDossiers = 100;

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private readonly ConcurrentDictionary<string, Task<ScoreDocument>> _ends = new(StringComparer.Ordinal);

    public async Task<ApiResult<ForecastResponse>> GetAsync(string? period, string? unitId, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem))
        {
            return problem;
        }

        var today = await scores.GetAsync(p, cancellationToken).ConfigureAwait(false);
        if (today is null)
        {
            return ScoresHandler.NotScored(p.Label);
        }

        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        var selected = string.IsNullOrEmpty(unitId) ? TargetHandler.Root(today)?.UnitId : unitId;
        if (!string.IsNullOrEmpty(unitId) && !view.Tree.Contains(unitId) && today.Units.All(u => u.UnitId != unitId))
        {
            return QueryInput.UnknownUnit(unitId);
        }

        // The end moves only when the ledger does: one evaluation per scores version (today's as-of time) and record view.
        var key = string.Create(CultureInfo.InvariantCulture, $"{p.Label}|{today.AsOf}|{view.Version}");
        if (_ends.Count > 32)
        {
            _ends.Clear();
        }

        ScoreDocument end;
        try
        {
            end = await _ends.GetOrAdd(key, _ => ledger.AtAsync(p, p.LastSecond, CancellationToken.None)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _ends.TryRemove(key, out _); // a failed evaluation is not kept: the next request tries again
            throw;
        }

        var endById = end.Units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var units = today.Units.Where(u => string.IsNullOrEmpty(unitId) || u.UnitId == unitId)
            .Select(u => Unit(u, endById.GetValueOrDefault(u.UnitId) ?? u)).ToList();
        var actions = selected is null || !endById.TryGetValue(selected, out var atEnd)
            ? null
            : Actions(view, selected, atEnd, p, time.GetUtcNow(), ledger.Rules);
        return new ForecastResponse(today.Period, today.AsOf, end.AsOf, units, actions);
    }

    /// <summary>Forgets evaluated ends (after an admin command).</summary>
    public void Clear() => _ends.Clear();

    public static ForecastUnit Unit(UnitScoreDocument today, UnitScoreDocument atEnd)
    {
        ArgumentNullException.ThrowIfNull(today);
        ArgumentNullException.ThrowIfNull(atEnd);
        var change = Groups.All.ToDictionary(g => g, g => atEnd.Groups.GetValueOrDefault(g) - today.Groups.GetValueOrDefault(g), StringComparer.Ordinal);
        return new ForecastUnit(today.UnitId, today.Name, today.Level, today.ParentId, new ForecastScore(today.Total, today.Groups),
            new ForecastScore(atEnd.Total, atEnd.Groups), new ForecastScore(atEnd.Total - today.Total, change));
    }

    private static ForecastActions Actions(LedgerView view, string unitId, UnitScoreDocument atEnd, Period period, DateTimeOffset now, IndexRules rules)
    {
        var subtree = view.SubtreeOf(unitId) ?? [unitId];
        var due = now < period.LastSecond
            ? DueSoonHandler.Due(view, now, period.LastSecond).Where(d => subtree.Contains(d.UnitId)).ToList()
            : [];
        var p1 = atEnd.Indicators.GetValueOrDefault("P1");
        decimal kept = 0, each = 0;
        if (p1 is not null && p1.Denominator > 0 && due.Count > 0)
        {
            // Handled before its deadline, a dossier is handled on time instead of overdue: the numerator gains one, the scope stays.
            var at = rules.Points("P1", p1.Numerator, p1.Denominator);
            kept = Output.Round(rules.Points("P1", Math.Min(p1.Denominator, p1.Numerator + due.Count), p1.Denominator) - at);
            each = Output.Round(rules.Points("P1", Math.Min(p1.Denominator, p1.Numerator + 1), p1.Denominator) - at);
        }

        var description = string.Format(Vietnamese, "Giải quyết trước hạn {0} hồ sơ đến hạn trước {1:dd/MM/yyyy} để giữ {2:N2} điểm",
            due.Count.ToString("N0", Vietnamese), period.To.ToDateTime(TimeOnly.MinValue), kept);
        return new ForecastActions(unitId, due.Count, kept, each, description, [.. due.Take(MaxDossiers)]);
    }
}
