using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>The standard periods (month, quarter, year) the ledger scores.</summary>
public static class LedgerPeriods
{
    /// <summary>Every month, quarter and year that ends on or after <paramref name="fromMonth"/> and starts on or before <paramref name="toMonth"/>.</summary>
    public static IReadOnlyList<Period> Between(DateOnly fromMonth, DateOnly toMonth)
    {
        var periods = new List<Period>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var m = new DateOnly(fromMonth.Year, fromMonth.Month, 1); m <= toMonth; m = m.AddMonths(1))
        {
            foreach (var p in new[] { Period.MonthOf(m), Period.QuarterOf(m), Period.YearOf(m) })
            {
                if (seen.Add(p.Label))
                {
                    periods.Add(p);
                }
            }
        }

        return periods;
    }

    /// <summary>True for a year, quarter or month (the periods stored in the scores table).</summary>
    public static bool IsStandard(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Kind is PeriodKind.Year or PeriodKind.Quarter or PeriodKind.Month;
    }
}
