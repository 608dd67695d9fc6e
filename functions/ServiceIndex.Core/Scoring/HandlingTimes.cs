using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// How long the dossiers handled in a period took, in days: their count, mean, median and 90th
/// percentile. Null figures when nothing was handled. Exact; rounded only at output.
/// </summary>
public sealed record HandlingTime(int Handled, decimal? AverageDays, decimal? MedianDays, decimal? P90Days)
{
    public static HandlingTime None { get; } = new(0, null, null, null);
}

/// <summary>
/// Handling time of dossiers: from <c>receivedAt</c> to <c>completedAt</c>, net of the waiting time (the days the
/// applicant took to answer supplement requests, which the unit is not charged for: portal rule 2.1), in days of
/// 24 hours (fractional), over the dossiers <b>handled in period</b> (index-766.md's term: completed or rejected by e, with the
/// completedAt day in the period) — the same dossiers D1 and S3 count.
/// </summary>
public static class HandlingTimes
{
    private const decimal TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>The dossier's handling time in days, net of waiting time, when it is handled in the period at e; otherwise null.</summary>
    public static decimal? DaysOf(DossierData d, Period period, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(d);
        var terms = new DossierTerms(d, period, e);
        if (!terms.HandledInPeriod)
        {
            return null;
        }

        var net = d.CompletedAt!.Value - d.ReceivedAt - DossierStanding.WaitingTimeBy(d, d.CompletedAt.Value);
        return Math.Max(0m, net.Ticks / TicksPerDay);
    }

    /// <summary>
    /// Count, mean, median (the middle value, or the mean of the two middle values) and 90th percentile (nearest
    /// rank: the smallest value with at least 90% of the values at or below it).
    /// </summary>
    public static HandlingTime Of(IEnumerable<decimal> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var sorted = days.Order().ToArray();
        var n = sorted.Length;
        if (n == 0)
        {
            return HandlingTime.None;
        }

        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2m;
        var rank = (int)Math.Ceiling(0.9m * n);
        return new HandlingTime(n, sorted.Sum() / n, median, sorted[rank - 1]);
    }
}
