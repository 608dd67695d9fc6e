using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// Where one live dossier stands at the evaluation moment e, whatever the period: counted, handled,
/// awaiting a supplement, open or out of progress scope, and whether it is overdue. The terms of
/// <c>index-766.md</c> that do not name a period, one property per definition, as the spec spells them
/// (supplement requests follow the portal's rule 2.1).
/// </summary>
public readonly record struct DossierStanding
{
    public DossierStanding(DossierData d, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(d);
        Counted = d.Status != DossierStatus.Withdrawn && d.ReceivedAt <= e;
        HandledByE = Counted && d.Status is DossierStatus.Completed or DossierStatus.Rejected &&
                     d.CompletedAt is { } c && c <= e;

        var latest = d.Supplements.Count == 0 ? null : LatestRequestBy(d, e);
        SupplementRequests = d.Supplements.Count == 0 ? 0 : RequestsBy(d, e);
        AwaitingSupplement = Counted && !HandledByE && latest is { } s && (s.ResumedAt is null || s.ResumedAt > e);
        OpenAtE = Counted && !HandledByE && !AwaitingSupplement &&
                  (d.Status is DossierStatus.Processing or DossierStatus.Completed or DossierStatus.Rejected ||
                   (d.Status == DossierStatus.Suspended && RequestedAfter(d, e)));

        EffectiveEnd = HandledByE ? d.CompletedAt!.Value - WaitingTimeBy(d, d.CompletedAt.Value)
            : OpenAtE ? e - WaitingTimeBy(d, e)
            : AwaitingSupplement ? latest!.RequestedAt
            : null;
        HandledOnTime = HandledByE && (d.DueAt is null || EffectiveEnd <= d.DueAt);
        WithinDeadline = OpenAtE && (d.DueAt is null || EffectiveEnd <= d.DueAt);
        AwaitingOnTime = AwaitingSupplement && SupplementRequests == 1 && (d.DueAt is null || latest!.RequestedAt <= d.DueAt);
        Overdue = (HandledByE && !HandledOnTime) || (OpenAtE && !WithinDeadline) || (AwaitingSupplement && !AwaitingOnTime);
        DaysLate = !Overdue ? 0
            : d.DueAt is not { } due ? 1
            : AwaitingSupplement && SupplementRequests > 1 ? Math.Max(1, Days(due, e))
            : Math.Max(1, Days(due, EffectiveEnd!.Value));
    }

    /// <summary>Live, not withdrawn, received by e. (The caller passes live dossiers only.)</summary>
    public bool Counted { get; }

    /// <summary>Completed or rejected with completedAt ≤ e.</summary>
    public bool HandledByE { get; }

    /// <summary>The supplement requests made by e (requestedAt ≤ e).</summary>
    public int SupplementRequests { get; }

    /// <summary>Counted, not handled by e, and its latest request by e not answered by e — whatever its status now.</summary>
    public bool AwaitingSupplement { get; }

    /// <summary>
    /// Counted, neither handled by e nor awaiting a supplement at e, and processing, completed or rejected — or
    /// suspended with a supplement requested after e (at e it was still being handled).
    /// </summary>
    public bool OpenAtE { get; }

    /// <summary>
    /// Handled: completedAt − waiting time by completedAt; open: e − waiting time by e; awaiting a supplement:
    /// the latest request's requestedAt (the portal takes the request as the end of handling). Otherwise null.
    /// </summary>
    public DateTimeOffset? EffectiveEnd { get; }

    /// <summary>Handled by e, with no deadline or effective end ≤ dueAt.</summary>
    public bool HandledOnTime { get; }

    /// <summary>Open at e, with no deadline or effective end ≤ dueAt.</summary>
    public bool WithinDeadline { get; }

    /// <summary>Awaiting a supplement at e after exactly one request, made with no deadline or by dueAt.</summary>
    public bool AwaitingOnTime { get; }

    /// <summary>Handled and not on time, open and not within deadline, or awaiting and not awaiting on time.</summary>
    public bool Overdue { get; }

    /// <summary>
    /// Days from the dueAt day to the effective end's day, at least 1 for any overdue dossier (awaiting its second
    /// or later request: to the day of e; no dueAt: 1); 0 when not overdue.
    /// </summary>
    public int DaysLate { get; }

    /// <summary>
    /// Waiting time by t: the sum of resumedAt − requestedAt over the supplements answered by t — the time the
    /// applicant took, which the unit is not charged for.
    /// </summary>
    public static TimeSpan WaitingTimeBy(DossierData d, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(d);
        var waited = TimeSpan.Zero;
        if (d.Supplements.Count == 0)
        {
            return waited;
        }

        foreach (var s in d.Supplements)
        {
            if (s.ResumedAt is { } resumed && resumed <= t)
            {
                waited += resumed - s.RequestedAt;
            }
        }

        return waited;
    }

    private static int RequestsBy(DossierData d, DateTimeOffset e)
    {
        var n = 0;
        foreach (var s in d.Supplements)
        {
            n += s.RequestedAt <= e ? 1 : 0;
        }

        return n;
    }

    private static bool RequestedAfter(DossierData d, DateTimeOffset e)
    {
        foreach (var s in d.Supplements)
        {
            if (s.RequestedAt > e)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The request with the highest requestedAt ≤ e, if any.</summary>
    private static Supplement? LatestRequestBy(DossierData d, DateTimeOffset e)
    {
        Supplement? latest = null;
        foreach (var s in d.Supplements)
        {
            if (s.RequestedAt <= e && (latest is null || s.RequestedAt >= latest.RequestedAt))
            {
                latest = s;
            }
        }

        return latest;
    }

    private static int Days(DateTimeOffset from, DateTimeOffset to) =>
        VietnamTime.DayOf(to).DayNumber - VietnamTime.DayOf(from).DayNumber;
}
