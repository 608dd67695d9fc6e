using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// A unit's change against the previous period of the same kind (month → month, quarter → quarter, year →
/// year): current minus previous of the total, each group and each indicator's points, as printed (both
/// rounded to 2 decimals, so the difference is exactly what a reader computes from the two documents).
/// </summary>
/// <param name="PreviousPeriod">The label of the period compared with (for example <c>2026-10</c> for <c>2026-11</c>).</param>
public sealed record ScoreDelta(
    string PreviousPeriod,
    decimal Total,
    IReadOnlyDictionary<string, decimal> Groups,
    IReadOnlyDictionary<string, decimal> Indicators)
{
    /// <summary>The previous period of the same kind; null for a custom day range (it has no "previous" of the same kind).</summary>
    public static Period? PreviousOf(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Kind == PeriodKind.Range ? null : period.Previous();
    }

    /// <summary>The change of one unit; null when the unit has no score in the previous document.</summary>
    public static ScoreDelta? Between(UnitScoreDocument current, UnitScoreDocument? previous, string previousPeriod)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return null;
        }

        var groups = current.Groups.Where(g => previous.Groups.ContainsKey(g.Key))
            .ToDictionary(g => g.Key, g => g.Value - previous.Groups[g.Key], StringComparer.Ordinal);
        var indicators = current.Indicators.Where(i => previous.Indicators.ContainsKey(i.Key))
            .ToDictionary(i => i.Key, i => i.Value.Points - previous.Indicators[i.Key].Points, StringComparer.Ordinal);
        return new ScoreDelta(previousPeriod, current.Total - previous.Total, groups, indicators);
    }

    /// <summary>
    /// The document with every unit's <c>scoreDelta</c> against <paramref name="previous"/> (the previous period's
    /// document, or null when there is none: then every delta is null).
    /// </summary>
    public static ScoreDocument Apply(ScoreDocument current, ScoreDocument? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return current.Units.All(u => u.ScoreDelta is null) ? current : current with { Units = [.. current.Units.Select(u => u with { ScoreDelta = null })] };
        }

        var before = previous.Units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        return current with
        {
            Units = [.. current.Units.Select(u => u with { ScoreDelta = Between(u, before.GetValueOrDefault(u.UnitId), previous.Period.Label) })],
        };
    }
}
