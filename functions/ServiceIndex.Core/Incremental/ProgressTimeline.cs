using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Core.Incremental;

/// <summary>
/// A stretch of evaluation moments [<see cref="From"/>, <see cref="Until"/>) during which a dossier holds one
/// progress standing. <see cref="From"/> is the first instant that holds; <see cref="Until"/> the first that no
/// longer does (null: still holds). <see cref="FromIsDeadline"/> marks a start that is a deadline passing —
/// possibly in the future, so the ledger keeps it to the instant — rather than an event of the record.
/// </summary>
public readonly record struct Stretch(DateTimeOffset From, DateTimeOffset? Until, bool FromIsDeadline = false);

/// <summary>
/// The course of one dossier's progress standing (<see cref="DossierStanding"/>) over every evaluation moment e,
/// read from its final record: while it is in flight (open or awaiting a supplement), while it awaits a supplement,
/// and while it is overdue doing either. Every boundary is an event of the record (received, requested, resumed,
/// completed) except the moment a deadline passes while open, so the month ledger can count each standing as a
/// stock: stretches begun minus stretches ended, up to e.
/// </summary>
/// <remarks>
/// Open stretches alternate with awaiting ones: open [receivedAt, request₁), awaiting [request₁, resumed₁), open
/// [resumed₁, request₂), …, all cut at the end of flight: completedAt when handled; for a suspended dossier the
/// last answer (it is out of scope once no request is open) or never while one is open, and nothing at all with
/// no request. While open after i answers, the effective end is e − waiting time, so the dossier is overdue from
/// dueAt + the i waits on. An awaiting stretch is overdue unless it follows the only request made by dueAt.
/// Property tests hold this to <see cref="DossierStanding"/> at every e.
/// </remarks>
public sealed record ProgressTimeline(
    Stretch? InFlight,
    IReadOnlyList<Stretch> Awaiting,
    IReadOnlyList<Stretch> AwaitingOverdue,
    IReadOnlyList<Stretch> OpenOverdue)
{
    private static readonly ProgressTimeline Never = new(null, [], [], []);

    public static ProgressTimeline Of(DossierData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Status == DossierStatus.Withdrawn)
        {
            return Never;
        }

        var supplements = d.Supplements;
        DateTimeOffset? end = d.Status switch
        {
            DossierStatus.Completed or DossierStatus.Rejected when d.CompletedAt is { } c => c,
            DossierStatus.Suspended => supplements.Count == 0 ? d.ReceivedAt : supplements[^1].ResumedAt,
            _ => null,
        };

        var inFlight = Clip(d.ReceivedAt, null, end);
        if (inFlight is null)
        {
            return Never;
        }

        var awaiting = new List<Stretch>();
        var awaitingOverdue = new List<Stretch>();
        var openOverdue = new List<Stretch>();
        var openFrom = (DateTimeOffset?)d.ReceivedAt;
        var waited = TimeSpan.Zero;
        for (var j = 0; j <= supplements.Count && openFrom is { } from; j++)
        {
            var request = j < supplements.Count ? supplements[j] : null;
            AddOpenOverdue(openOverdue, Clip(from, request?.RequestedAt, end), d.DueAt, waited);
            if (request is null)
            {
                break;
            }

            if (Clip(request.RequestedAt, request.ResumedAt, end) is { } wait)
            {
                awaiting.Add(wait);
                if (j > 0 || (d.DueAt is { } due && request.RequestedAt > due))
                {
                    awaitingOverdue.Add(wait);
                }
            }

            openFrom = request.ResumedAt;
            waited += request.ResumedAt is { } resumed ? resumed - request.RequestedAt : TimeSpan.Zero;
        }

        return new ProgressTimeline(inFlight, awaiting, awaitingOverdue, openOverdue);
    }

    /// <summary>The part of an open stretch in which e − waiting time is past dueAt (strictly: on time up to it).</summary>
    private static void AddOpenOverdue(List<Stretch> into, Stretch? open, DateTimeOffset? dueAt, TimeSpan waited)
    {
        if (open is not { } o || dueAt is not { } due)
        {
            return;
        }

        if (DateTimeOffset.MaxValue - due <= waited)
        {
            return; // a deadline at the end of time never passes
        }

        var passes = due + waited + TimeSpan.FromTicks(1);
        var from = passes > o.From ? passes : o.From;
        if (o.Until is not { } until || from < until)
        {
            into.Add(new Stretch(from, o.Until, FromIsDeadline: passes > o.From));
        }
    }

    /// <summary>[from, min(until, end)) when not empty; null bounds are "never".</summary>
    private static Stretch? Clip(DateTimeOffset from, DateTimeOffset? until, DateTimeOffset? end)
    {
        var cut = until is { } u && (end is null || u < end) ? u : end;
        return cut is { } c && c <= from ? null : new Stretch(from, cut);
    }
}
