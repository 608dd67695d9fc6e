namespace ServiceIndex.Simulator;

/// <summary>
/// A dossier's requests to the applicant to supply documents (portal rule 2.1), at most two, packed
/// into the 8 bytes a <see cref="DossierFacts"/> had as padding: whole minutes after the event before.
/// A request's offset is stored plus one, so 0 means "no such request". Offsets are floored, so the
/// feed's order holds by construction: requested ≥ received, resumed ≥ requested, a second request ≥
/// the first answer. What a record version shows of them is decided by its <see cref="DossierStage"/>.
/// </summary>
/// <param name="FirstRequested">Minutes from receipt to the first request, plus one; 0: never asked.</param>
/// <param name="FirstWait">Minutes the applicant took to answer the first request.</param>
/// <param name="SecondRequested">Minutes from the first answer to the second request, plus one; 0: asked once.</param>
/// <param name="SecondWait">Minutes the applicant took to answer the second request.</param>
internal readonly record struct SupplementFacts(ushort FirstRequested, ushort FirstWait, ushort SecondRequested, ushort SecondWait)
{
    // About 45 days: an offset beyond it is clamped (the request shows earlier, never out of order).
    private const long MaxMinutes = ushort.MaxValue - 1;

    private static readonly long Minute = TimeSpan.TicksPerMinute;

    /// <summary>Requests made (or to be made: the stage decides what has happened yet).</summary>
    public int Count => FirstRequested == 0 ? 0 : SecondRequested == 0 ? 1 : 2;

    /// <summary>The applicant's total waiting time, which the unit is not charged for.</summary>
    public long WaitingTicks => Count switch
    {
        0 => 0,
        1 => FirstWait * Minute,
        _ => (FirstWait + SecondWait) * Minute,
    };

    public long RequestedTicks(int request, long receivedTicks) => request == 0
        ? receivedTicks + ((FirstRequested - 1) * Minute)
        : ResumedTicks(0, receivedTicks) + ((SecondRequested - 1) * Minute);

    public long ResumedTicks(int request, long receivedTicks) =>
        RequestedTicks(request, receivedTicks) + ((request == 0 ? FirstWait : SecondWait) * Minute);

    /// <summary>The next request, made at <paramref name="ticks"/> (the third and later are not modelled).</summary>
    public SupplementFacts Requested(long ticks, long receivedTicks) => Count == 0
        ? this with { FirstRequested = (ushort)(MinutesSince(receivedTicks, ticks) + 1) }
        : this with { SecondRequested = (ushort)(MinutesSince(ResumedTicks(0, receivedTicks), ticks) + 1) };

    /// <summary>The latest request, answered at <paramref name="ticks"/>.</summary>
    public SupplementFacts Answered(long ticks, long receivedTicks) => Count == 1
        ? this with { FirstWait = (ushort)MinutesSince(RequestedTicks(0, receivedTicks), ticks) }
        : this with { SecondWait = (ushort)MinutesSince(RequestedTicks(1, receivedTicks), ticks) };

    private static long MinutesSince(long from, long to) => Math.Clamp((to - from) / Minute, 0, MaxMinutes);
}

/// <summary>
/// When units ask applicants for more documents, and how long applicants take. Land and
/// construction ask most (<see cref="FieldProfile.SupplementRate"/>); a few dossiers are asked twice.
/// </summary>
internal static class SupplementModel
{
    /// <summary>Chance an answered request is followed by a second one.</summary>
    public const double SecondRequestChance = 0.12;

    /// <summary>Longest wait for an applicant's answer, in days.</summary>
    private const double MaxWaitDays = 30;

    /// <summary>
    /// Requests for a dossier the unit handles from <paramref name="handlingStart"/> to
    /// <paramref name="unitFinished"/> in its own time: each comes part-way through what is left, and
    /// the applicant's waits push the actual completion back by <see cref="SupplementFacts.WaitingTicks"/>.
    /// </summary>
    public static SupplementFacts Plan(Random random, FieldProfile profile, long receivedTicks, long handlingStart, long unitFinished)
    {
        if (!random.Chance(profile.SupplementRate))
        {
            return default;
        }

        var unitTime = unitFinished - handlingStart;
        var firstAt = handlingStart + (long)(unitTime * random.Between(0.1, 0.5));
        var facts = default(SupplementFacts).Requested(firstAt, receivedTicks);
        facts = facts.Answered(facts.RequestedTicks(0, receivedTicks) + WaitTicks(random), receivedTicks);
        if (!random.Chance(SecondRequestChance))
        {
            return facts;
        }

        // Unit time between the first request and the second; the rest of it follows the second answer.
        var between = (long)((unitFinished - firstAt) * random.Between(0.2, 0.7));
        facts = facts.Requested(facts.ResumedTicks(0, receivedTicks) + between, receivedTicks);
        return facts.Answered(facts.RequestedTicks(1, receivedTicks) + WaitTicks(random), receivedTicks);
    }

    /// <summary>The applicant's wait: a few days, mean 3.5, at most a month.</summary>
    public static long WaitTicks(Random random) =>
        (long)(Math.Min(MaxWaitDays, 0.5 + random.Exponential(3)) * TimeSpan.TicksPerDay);
}
