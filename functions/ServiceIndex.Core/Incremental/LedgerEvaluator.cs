using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Incremental;

/// <summary>
/// Turns a unit's month tallies into its own counters for a whole-month period P at moment e.
/// Dossiers open at e form a stock: inflow by receipt month minus outflow by completion month,
/// summed from the first month on. Overdue-open is a stock too (deadlines passed minus late
/// completions), counted to the instant in e's own month — so time passing with no event moves
/// the progress score, and only a range sum is needed.
/// </summary>
/// <remarks>
/// Exact when every instant in the data is at or before e's "now" (the feed describes the past):
/// then, within P, "received by e" and "handled by e" hold for every month's records.
/// Equality with <see cref="Contribution"/> under that condition is a property test.
/// </remarks>
public static class LedgerEvaluator
{
    /// <param name="period">A year, quarter or month (any whole-month period).</param>
    /// <param name="e">The evaluation moment, at most the period's last second.</param>
    /// <param name="months">The unit's month tallies, keyed by first day; months after e are ignored.</param>
    public static OwnTally Evaluate(Period period, DateTimeOffset e, IReadOnlyDictionary<DateOnly, MonthTally> months)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(months);
        if (!period.IsWholeMonths)
        {
            throw new ArgumentException("The ledger holds whole months; a custom day range is scored from records.", nameof(period));
        }

        var own = new OwnTally();
        var t = own.Tally;
        var first = new DateOnly(period.From.Year, period.From.Month, 1);
        var eMonth = MonthContribution.MonthOf(e);
        long stockBefore = 0, stockInPeriod = 0, overdue = 0;
        foreach (var (month, m) in months)
        {
            if (month > eMonth)
            {
                continue;
            }

            var flow = m[MonthCounter.ReceivedActive] - m[MonthCounter.Handled];
            if (month < first)
            {
                stockBefore += flow;
            }
            else if (month <= period.To)
            {
                stockInPeriod += flow;
                AddPeriodMonth(t, own.Activity, m, e);
            }

            overdue += month < eMonth
                ? m[MonthCounter.DueLate] - m[MonthCounter.DoneLate]
                : CountBefore(m.DueLateAt, e.UtcTicks) - m[MonthCounter.DoneLate];
        }

        var openAtE = stockBefore + stockInPeriod;
        t[Counter.OpenAtE] = openAtE;
        t[Counter.OpenOverdue] = overdue;
        t[Counter.ProgressScope] = t[Counter.Received] + stockBefore;
        t[Counter.ProgressOnTimeOrWithinDeadline] = t[Counter.HandledOnTime] + openAtE - overdue;
        return own;
    }

    private static void AddPeriodMonth(Tally t, ActivityMap activity, MonthTally m, DateTimeOffset e)
    {
        t[Counter.Received] += m[MonthCounter.Received];
        t[Counter.ReceivedSynced] += m[MonthCounter.ReceivedSynced];
        t[Counter.ReceivedOnline] += m[MonthCounter.ReceivedOnline];
        t[Counter.ReceivedFeeRequired] += m[MonthCounter.ReceivedFeeRequired];
        t[Counter.ReceivedFeeRequiredPaidOnline] += m[MonthCounter.ReceivedFeeRequiredPaidOnline];
        t[Counter.ReceivedComponentsDigitized] += m[MonthCounter.ReceivedComponentsDigitized];
        t[Counter.ReceivedReusedData] += m[MonthCounter.ReceivedReusedData];
        t[Counter.ReceivedLinkedToCitizenStore] += m[MonthCounter.ReceivedLinkedToCitizenStore];
        t[Counter.ReceivedPopulationData] += m[MonthCounter.ReceivedPopulationData];
        t[Counter.Handled] += m[MonthCounter.Handled];
        t[Counter.HandledOnTime] += m[MonthCounter.HandledOnTime];
        t[Counter.HandledResultDigitized] += m[MonthCounter.HandledResultDigitized];
        t[Counter.HandledNeitherDissatisfiedNorOverdue] += m[MonthCounter.HandledNeitherDissatisfiedNorOverdue];
        t[Counter.Feedback] += m[MonthCounter.Feedback];
        t[Counter.FeedbackOnTimeOrWithinDeadline] += m[MonthCounter.FeedbackResolvedOnTime];
        t[Counter.FeedbackNeitherDissatisfiedNorOverdue] += m[MonthCounter.FeedbackResolvedOnTimeNotDissatisfied];
        foreach (var ((dueTicks, notDissatisfied), n) in m.FeedbackNotOnTimeDue)
        {
            // Late or unresolved feedback still counts while its deadline has not passed at e.
            if (dueTicks >= e.UtcTicks)
            {
                t[Counter.FeedbackOnTimeOrWithinDeadline] += n;
                if (notDissatisfied)
                {
                    t[Counter.FeedbackNeitherDissatisfiedNorOverdue] += n;
                }
            }
        }

        activity.AddAll(m.Activity);
    }

    private static long CountBefore(SortedDictionary<long, long> instants, long ticks)
    {
        long n = 0;
        foreach (var (k, count) in instants)
        {
            if (k >= ticks)
            {
                break;
            }

            n += count;
        }

        return n;
    }
}
