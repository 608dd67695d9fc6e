using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// What one live record adds to its unit's tally for one period and evaluation moment. A new
/// version is applied as <c>Add(new, +1)</c> after <c>Add(old, −1)</c>: the change's delta.
/// </summary>
public static class Contribution
{
    public static void Add(DossierData d, Period period, DateTimeOffset e, Tally tally, ActivityMap activity, long sign)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(activity);
        var t = new DossierTerms(d, period, e);
        if (!t.Counted)
        {
            return;
        }

        if (t.ReceivedInPeriod)
        {
            Span<bool> flags = stackalloc bool[ReceivedDossier.Counts];
            ReceivedDossier.Flags(d, flags);
            for (var i = 0; i < flags.Length; i++)
            {
                Count(tally, Counter.Received + i, flags[i], sign);
            }

            activity.Add(d.ProcedureId, ReceivedDossier.Activity(d), sign);
        }

        if (t.HandledInPeriod)
        {
            Count(tally, Counter.Handled, true, sign);
            Count(tally, Counter.HandledOnTime, t.HandledOnTime, sign);
            Count(tally, Counter.HandledPaperResult, true, sign);
            Count(tally, Counter.HandledPaperResultDigitized, d.ResultDigitized, sign);
            Count(tally, Counter.HandledNeitherDissatisfiedNorOverdue, d.Rating != Rating.Dissatisfied && !t.Overdue, sign);
            activity.Add(d.ProcedureId, ReceivedDossier.HandledActivity(d), sign);
        }

        if (t.InProgressScope)
        {
            Count(tally, Counter.ProgressScope, true, sign);
            Count(tally, Counter.ProgressNotOverdue, t.ProgressNotOverdue, sign);
        }

        if (t.OpenAtE)
        {
            Count(tally, Counter.OpenAtE, true, sign);
            Count(tally, Counter.OpenOverdue, t.Overdue, sign);
        }

        if (t.AwaitingSupplement)
        {
            Count(tally, Counter.AwaitingSupplement, true, sign);
            Count(tally, Counter.AwaitingOverdue, t.Overdue, sign);
        }
    }

    public static void Add(FeedbackData f, Period period, DateTimeOffset e, Tally tally, long sign)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var t = new FeedbackTerms(f, period, e);
        if (!t.InScope)
        {
            return;
        }

        Count(tally, Counter.Feedback, true, sign);
        Count(tally, Counter.FeedbackOnTimeOrWithinDeadline, t.ResolvedOnTime || t.WithinDeadline, sign);
        Count(tally, Counter.FeedbackNeitherDissatisfiedNorOverdue, !t.Dissatisfied && !t.Overdue, sign);
    }

    private static void Count(Tally tally, Counter counter, bool condition, long sign)
    {
        if (condition)
        {
            tally[counter] += sign;
        }
    }
}
