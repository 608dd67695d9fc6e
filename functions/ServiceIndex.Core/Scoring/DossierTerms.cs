using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// The "Terms" of <c>index-766.md</c> for one live dossier, one period and one evaluation moment e.
/// Each property is one definition of the spec, spelled as the spec spells it; those that do not name the
/// period come from <see cref="DossierStanding"/>.
/// </summary>
public readonly record struct DossierTerms
{
    public DossierTerms(DossierData d, Period period, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(period);
        Standing = new DossierStanding(d, e);
        ReceivedInPeriod = Counted && period.Contains(VietnamTime.DayOf(d.ReceivedAt));
        HandledInPeriod = HandledByE && period.Contains(VietnamTime.DayOf(d.CompletedAt!.Value));
        InProgressScope = HandledInPeriod || OpenAtE || AwaitingSupplement;
    }

    /// <summary>The period-free terms: counted, handled, awaiting, open, effective end, on time, overdue, days late.</summary>
    public DossierStanding Standing { get; }

    /// <summary>Live, not withdrawn, received by e.</summary>
    public bool Counted => Standing.Counted;

    /// <summary>Counted, with the receivedAt day in the period.</summary>
    public bool ReceivedInPeriod { get; }

    /// <summary>Completed or rejected with completedAt ≤ e.</summary>
    public bool HandledByE => Standing.HandledByE;

    /// <summary>Handled by e with the completedAt day in the period.</summary>
    public bool HandledInPeriod { get; }

    /// <inheritdoc cref="DossierStanding.AwaitingSupplement"/>
    public bool AwaitingSupplement => Standing.AwaitingSupplement;

    /// <inheritdoc cref="DossierStanding.OpenAtE"/>
    public bool OpenAtE => Standing.OpenAtE;

    /// <inheritdoc cref="DossierStanding.HandledOnTime"/>
    public bool HandledOnTime => Standing.HandledOnTime;

    /// <inheritdoc cref="DossierStanding.WithinDeadline"/>
    public bool WithinDeadline => Standing.WithinDeadline;

    /// <inheritdoc cref="DossierStanding.AwaitingOnTime"/>
    public bool AwaitingOnTime => Standing.AwaitingOnTime;

    /// <inheritdoc cref="DossierStanding.Overdue"/>
    public bool Overdue => Standing.Overdue;

    /// <summary>
    /// Handled in period, open at e, or awaiting a supplement at e (received before the period and still open
    /// counts). A suspended dossier with no open request is out of scope: its clock is stopped by law.
    /// </summary>
    public bool InProgressScope { get; }

    /// <summary>In progress scope and not overdue: on time, within deadline, or awaiting on time (P1's numerator).</summary>
    public bool ProgressNotOverdue => InProgressScope && !Overdue;

    /// <inheritdoc cref="DossierStanding.DaysLate"/>
    public static int DaysLate(DossierData d, DateTimeOffset e) => new DossierStanding(d, e).DaysLate;
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
