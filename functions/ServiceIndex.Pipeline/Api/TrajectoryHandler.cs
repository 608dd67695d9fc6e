using System.Globalization;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>The same day of the previous year's period.</summary>
public sealed record TrajectoryLastYear(string Day, decimal Total, IReadOnlyDictionary<string, decimal> Groups);

/// <summary>One day of the course: the unit's total and groups at the day's end (23:59:59 +07).</summary>
/// <param name="Change">Total now minus total at the end of the day before (null on the period's first day).</param>
/// <param name="GroupChanges">The same per group (null on the period's first day).</param>
/// <param name="LastYear">The same day a year earlier; null where the ledger's history does not reach it.</param>
public sealed record TrajectoryPoint(string Day, decimal Total, IReadOnlyDictionary<string, decimal> Groups, decimal? Change,
    IReadOnlyDictionary<string, decimal>? GroupChanges, TrajectoryLastYear? LastYear);

/// <summary>The response of <c>GET /api/trajectory</c> (<c>docs/api.md</c>): oldest day first.</summary>
/// <param name="PreviousYear">The previous year's period the last-year points come from.</param>
public sealed record TrajectoryResponse(PeriodInfo Period, PeriodInfo PreviousYear, string UnitId, string AsOf, IReadOnlyList<TrajectoryPoint> Points);

/// <summary>
/// <c>GET /api/trajectory?period=P[&amp;unitId=U]</c>: for each Vietnamese day of the period up to today, the unit's
/// total and groups as of the end of that day on the records as they stand, the change since the day before, and
/// the same day of the previous year's period (<see cref="DayCourses"/>).
/// </summary>
public sealed class TrajectoryHandler(DayCourses courses, LedgerRecordCache records, TimeProvider time)
{
    public async Task<ApiResult<TrajectoryResponse>> GetAsync(string? period, string? unitId, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem))
        {
            return problem;
        }

        var tree = (await records.GetAsync(cancellationToken).ConfigureAwait(false)).Tree;
        string unit;
        if (string.IsNullOrEmpty(unitId))
        {
            unit = tree.Roots.Count > 0 ? tree.Roots[0] : "";
        }
        else if (!tree.Contains(unitId))
        {
            return QueryInput.UnknownUnit(unitId);
        }
        else
        {
            unit = unitId;
        }

        var today = VietnamTime.Today(time);
        var previous = PreviousYear(p);
        var asOf = Rfc3339.Format(VietnamTime.ToVietnam(PeriodScores.NowToTheMinute(time)));
        if (p.From > today || unit.Length == 0)
        {
            return new TrajectoryResponse(PeriodInfo.Of(p), PeriodInfo.Of(previous), unit, asOf, []);
        }

        var course = await courses.GetAsync(p, today, cancellationToken).ConfigureAwait(false);
        var lastYear = new Dictionary<DateOnly, DayScore>();
        if (course.FirstDay is { } first && previous.To >= first && course.Days.Count > 0)
        {
            var until = course.Days[^1].Day.AddYears(-1);
            foreach (var (day, units) in (await courses.GetAsync(previous, until, cancellationToken).ConfigureAwait(false)).Days)
            {
                if (day >= first && units.TryGetValue(unit, out var score))
                {
                    lastYear[day] = score;
                }
            }
        }

        var points = new List<TrajectoryPoint>(course.Days.Count);
        DayScore? before = null;
        foreach (var (day, units) in course.Days)
        {
            var score = units.GetValueOrDefault(unit) ?? Empty;
            var yearAgo = day.AddYears(-1);
            points.Add(new TrajectoryPoint(Day(day), score.Total, score.Groups,
                before is null ? null : score.Total - before.Total,
                before is null ? null : Groups.All.ToDictionary(g => g, g => score.Groups[g] - before.Groups[g], StringComparer.Ordinal),
                lastYear.TryGetValue(yearAgo, out var ly) ? new TrajectoryLastYear(Day(yearAgo), ly.Total, ly.Groups) : null));
            before = score;
        }

        return new TrajectoryResponse(PeriodInfo.Of(p), PeriodInfo.Of(previous), unit, asOf, points);
    }

    /// <summary>The period a year earlier: the same month, quarter or year, or the same day range shifted one year.</summary>
    public static Period PreviousYear(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Kind switch
        {
            PeriodKind.Year => Period.Year(period.From.Year - 1),
            PeriodKind.Quarter => Period.Quarter(period.From.Year - 1, ((period.From.Month - 1) / 3) + 1),
            PeriodKind.Month => Period.Month(period.From.Year - 1, period.From.Month),
            _ => Period.Range(period.From.AddYears(-1), period.To.AddYears(-1)),
        };
    }

    private static readonly DayScore Empty = new(0, Groups.All.ToDictionary(g => g, _ => 0m, StringComparer.Ordinal));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
