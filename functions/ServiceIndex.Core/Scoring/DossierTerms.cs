using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// The "Terms" of <c>index-766.md</c> for one live dossier, one period and one evaluation moment e.
/// Each property is one definition of the spec, spelled as the spec spells it.
/// </summary>
public readonly record struct DossierTerms
{
    public DossierTerms(DossierData d, Period period, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(period);
        Counted = d.Status != DossierStatus.Withdrawn && d.ReceivedAt <= e;
        ReceivedInPeriod = Counted && period.Contains(VietnamTime.DayOf(d.ReceivedAt));
        HandledByE = Counted && d.Status is DossierStatus.Completed or DossierStatus.Rejected &&
                     d.CompletedAt is { } c && c <= e;
        HandledInPeriod = HandledByE && period.Contains(VietnamTime.DayOf(d.CompletedAt!.Value));
        OpenAtE = Counted && d.Status is DossierStatus.Processing or DossierStatus.Completed or DossierStatus.Rejected && !HandledByE;
        HandledOnTime = HandledByE && (d.DueAt is null || d.CompletedAt!.Value <= d.DueAt.Value);
        WithinDeadline = OpenAtE && (d.DueAt is null || d.DueAt.Value >= e);
        Overdue = (HandledByE && !HandledOnTime) || (OpenAtE && d.DueAt is { } due && due < e);
        InProgressScope = ReceivedInPeriod || HandledInPeriod || OpenAtE;
    }

    /// <summary>Live, not withdrawn, received by e. (The caller passes live dossiers only.)</summary>
    public bool Counted { get; }

    /// <summary>Counted, with the receivedAt day in the period.</summary>
    public bool ReceivedInPeriod { get; }

    /// <summary>Completed or rejected with completedAt ≤ e.</summary>
    public bool HandledByE { get; }

    /// <summary>Handled by e with the completedAt day in the period.</summary>
    public bool HandledInPeriod { get; }

    /// <summary>Processing, completed or rejected and not handled by e. Suspended is neither open nor handled.</summary>
    public bool OpenAtE { get; }

    /// <summary>Handled by e, with no deadline or completedAt ≤ dueAt.</summary>
    public bool HandledOnTime { get; }

    /// <summary>Open at e, with no deadline or dueAt ≥ e.</summary>
    public bool WithinDeadline { get; }

    /// <summary>Handled late, or open at e with dueAt &lt; e.</summary>
    public bool Overdue { get; }

    /// <summary>Received in period, handled in period, or open at e.</summary>
    public bool InProgressScope { get; }

    /// <summary>
    /// Days from the dueAt day to the completedAt day (open: to the day of e), at least 1 for any
    /// overdue dossier; 0 when not overdue.
    /// </summary>
    public static int DaysLate(DossierData d, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.DueAt is not { } due)
        {
            return 0;
        }

        var handled = d.Status is DossierStatus.Completed or DossierStatus.Rejected && d.CompletedAt is { } c && c <= e;
        var end = handled ? d.CompletedAt!.Value : e;
        if (end <= due)
        {
            return 0;
        }

        var days = VietnamTime.DayOf(end).DayNumber - VietnamTime.DayOf(due).DayNumber;
        return Math.Max(1, days);
    }
}

/// <summary>The feedback terms of <c>index-766.md</c> for one live piece of feedback, one period and e.</summary>
public readonly record struct FeedbackTerms
{
    public FeedbackTerms(FeedbackData f, Period period, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(period);
        InScope = f.ReceivedAt <= e && period.Contains(VietnamTime.DayOf(f.ReceivedAt));
        var resolvedByE = f.ResolvedAt is { } r && r <= e;
        ResolvedOnTime = InScope && resolvedByE && f.ResolvedAt!.Value <= f.DueAt;
        WithinDeadline = InScope && !resolvedByE && f.DueAt >= e;
        Overdue = InScope && ((resolvedByE && f.ResolvedAt!.Value > f.DueAt) || (!resolvedByE && f.DueAt < e));
        Dissatisfied = f.Rating == Rating.Dissatisfied;
    }

    /// <summary>receivedAt ≤ e, with its day in the period.</summary>
    public bool InScope { get; }

    /// <summary>resolvedAt ≤ e and ≤ dueAt.</summary>
    public bool ResolvedOnTime { get; }

    /// <summary>Not resolved by e and dueAt ≥ e.</summary>
    public bool WithinDeadline { get; }

    /// <summary>Resolved after dueAt, or not resolved by e with dueAt &lt; e.</summary>
    public bool Overdue { get; }

    public bool Dissatisfied { get; }
}
