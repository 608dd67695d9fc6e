using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Incremental;

/// <summary>
/// Turns a unit's month tallies into its own counters for a whole-month period P at moment e.
/// Dossiers in flight at e (open or awaiting a supplement) form a stock: stretches begun minus
/// stretches ended (<see cref="ProgressTimeline"/>), summed from the first month on; so do those
/// awaiting, and those overdue. An open dossier becomes overdue when its deadline (pushed back by the
/// applicant's waiting time) passes, counted to the instant in e's own month — so time passing with
/// no event moves the progress score, and only a range sum is needed.
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
        long inFlight = 0, awaiting = 0, awaitingOverdue = 0, openOverdue = 0;
        foreach (var (month, m) in months)
        {
            if (month > eMonth)
            {
                continue;
            }

            if (month >= first && month <= period.To)
            {
                AddPeriodMonth(t, own.Activity, m, e);
            }

            inFlight += m[MonthCounter.InFlightFrom] - m[MonthCounter.InFlightUntil];
            awaiting += m[MonthCounter.AwaitingFrom] - m[MonthCounter.AwaitingUntil];
            awaitingOverdue += m[MonthCounter.AwaitingOverdueFrom] - m[MonthCounter.AwaitingOverdueUntil];
            openOverdue += m[MonthCounter.OpenOverdueFrom] - m[MonthCounter.OpenOverdueUntil] +
                           (month < eMonth ? m[MonthCounter.OpenOverdueFromDeadline] : CountAtOrBefore(m.OpenOverdueAt, e.UtcTicks));
        }

        SetStocks(t, inFlight, awaiting, awaitingOverdue, openOverdue);
        return own;
    }

    /// <summary>The progress counters at e from the stocks in flight, awaiting, awaiting overdue and open overdue (the period's handled counters already in <paramref name="t"/>).</summary>
    internal static void SetStocks(Tally t, long inFlight, long awaiting, long awaitingOverdue, long openOverdue)
    {
        t[Counter.OpenAtE] = inFlight - awaiting;
        t[Counter.OpenOverdue] = openOverdue;
        t[Counter.AwaitingSupplement] = awaiting;
        t[Counter.AwaitingOverdue] = awaitingOverdue;
        t[Counter.ProgressScope] = t[Counter.Handled] + inFlight;
        t[Counter.ProgressNotOverdue] = t[Counter.HandledOnTime] + inFlight - openOverdue - awaitingOverdue;
    }

    private static void AddPeriodMonth(Tally t, ActivityMap activity, MonthTally m, DateTimeOffset e)
    {
        AddPeriodCounters(t, activity, m);
        AddFeedbackWithinDeadline(t, m.FeedbackNotOnTimeDue, e);
    }

    /// <summary>Feedback not resolved on time still counts while its deadline has not passed at e.</summary>
    internal static void AddFeedbackWithinDeadline(Tally t, SortedDictionary<(long DueTicks, bool NotDissatisfied), long> late, DateTimeOffset e)
    {
        foreach (var ((dueTicks, notDissatisfied), n) in late)
        {
            if (dueTicks >= e.UtcTicks)
            {
                t[Counter.FeedbackOnTimeOrWithinDeadline] += n;
                if (notDissatisfied)
                {
                    t[Counter.FeedbackNeitherDissatisfiedNorOverdue] += n;
                }
            }
        }
    }

    /// <summary>The counters of a month (or day) inside the period that do not depend on e.</summary>
    internal static void AddPeriodCounters(Tally t, ActivityMap activity, MonthTally m)
    {
        t[Counter.Received] += m[MonthCounter.Received];
        t[Counter.ReceivedSynced] += m[MonthCounter.ReceivedSynced];
        t[Counter.ReceivedOnline] += m[MonthCounter.ReceivedOnline];
        t[Counter.ReceivedFeePayable] += m[MonthCounter.ReceivedFeePayable];
        t[Counter.ReceivedFeePayablePaidOnline] += m[MonthCounter.ReceivedFeePayablePaidOnline];
        t[Counter.ReceivedDigitized] += m[MonthCounter.ReceivedDigitized];
        t[Counter.ReceivedReusedData] += m[MonthCounter.ReceivedReusedData];
        t[Counter.ReceivedLinkedToCitizenStore] += m[MonthCounter.ReceivedLinkedToCitizenStore];
        t[Counter.ReceivedPopulationData] += m[MonthCounter.ReceivedPopulationData];
        t[Counter.Handled] += m[MonthCounter.Handled];
        t[Counter.HandledOnTime] += m[MonthCounter.HandledOnTime];
        t[Counter.HandledPaperResult] += m[MonthCounter.Handled];
        t[Counter.HandledPaperResultDigitized] += m[MonthCounter.HandledPaperResultDigitized];
        t[Counter.HandledNeitherDissatisfiedNorOverdue] += m[MonthCounter.HandledNeitherDissatisfiedNorOverdue];
        t[Counter.Feedback] += m[MonthCounter.Feedback];
        t[Counter.FeedbackOnTimeOrWithinDeadline] += m[MonthCounter.FeedbackResolvedOnTime];
        t[Counter.FeedbackNeitherDissatisfiedNorOverdue] += m[MonthCounter.FeedbackResolvedOnTimeNotDissatisfied];
        activity.AddAll(m.Activity);
    }

    internal static long CountAtOrBefore(SortedDictionary<long, long> instants, long ticks)
    {
        long n = 0;
        foreach (var (k, count) in instants)
        {
            if (k > ticks)
            {
                break;
            }

            n += count;
        }

        return n;
    }
}
