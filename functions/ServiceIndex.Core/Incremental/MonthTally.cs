using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Core.Incremental;

/// <summary>
/// The month counters of one unit's own records. Unlike <see cref="Counter"/>, these do not depend
/// on any period or evaluation moment: each is keyed by the month of one instant of the record
/// (received, completed, a supplement requested or answered, a deadline passing), so a change is
/// applied as contribution(new) − contribution(old) there. <see cref="LedgerEvaluator"/> turns the
/// months into the counters of any whole-month period at any e.
/// </summary>
public enum MonthCounter
{
    // Keyed by the receivedAt month, counted dossiers (not withdrawn): the flags of ReceivedDossier.
    Received,
    ReceivedSynced,
    ReceivedOnline,
    ReceivedFeePayable,
    ReceivedFeePayablePaidOnline,
    ReceivedDigitized,
    ReceivedReusedData,
    ReceivedLinkedToCitizenStore,
    ReceivedPopulationData,

    // Keyed by the completedAt month, handled dossiers.
    Handled,
    HandledOnTime,
    HandledPaperResultDigitized,
    HandledNeitherDissatisfiedNorOverdue,

    // The stocks of P1 (ProgressTimeline's stretches): each stretch counts where it begins and where it ends.

    /// <summary>Dossiers that went in flight (open or awaiting a supplement) this month: at receipt.</summary>
    InFlightFrom,

    /// <summary>Dossiers whose flight ended this month: handled, or a suspended dossier's last request answered.</summary>
    InFlightUntil,
    AwaitingFrom,
    AwaitingUntil,
    AwaitingOverdueFrom,
    AwaitingOverdueUntil,

    /// <summary>Open and overdue from an event of this month (it resumed, or was received, after its deadline).</summary>
    OpenOverdueFrom,

    /// <summary>Open and overdue from a deadline passing this month: the number of entries of <see cref="MonthTally.OpenOverdueAt"/>.</summary>
    OpenOverdueFromDeadline,
    OpenOverdueUntil,

    // Keyed by the feedback's receivedAt month.
    Feedback,
    FeedbackResolvedOnTime,
    FeedbackResolvedOnTimeNotDissatisfied,
}

/// <summary>One unit's month: counters, procedure activity, and the instants the evaluation moment is compared with.</summary>
public sealed class MonthTally
{
    public static readonly int Size = Enum.GetValues<MonthCounter>().Length;

    private readonly long[] _values = new long[Size];

    public long this[MonthCounter counter]
    {
        get => _values[(int)counter];
        set => _values[(int)counter] = value;
    }

    public Span<long> Values => _values;

    /// <summary>Activity of dossiers received or handled this month, by procedure (O2, M2, D7; D1, D2).</summary>
    public ActivityMap Activity { get; } = new();

    /// <summary>
    /// The first instants (UTC ticks) at which open dossiers are overdue because a deadline passed this month
    /// (<see cref="MonthCounter.OpenOverdueFromDeadline"/>), with multiplicity: in e's own month only those up to e count.
    /// </summary>
    public SortedDictionary<long, long> OpenOverdueAt { get; } = [];

    /// <summary>
    /// Feedback received this month and not resolved on time (late, or unresolved): its dueAt
    /// instant (UTC ticks) and whether it is free of a dissatisfied rating, with multiplicity.
    /// Whether it still counts as within deadline depends on e.
    /// </summary>
    public SortedDictionary<(long DueTicks, bool NotDissatisfied), long> FeedbackNotOnTimeDue { get; } = [];

    public bool IsZero => Array.TrueForAll(_values, v => v == 0) && Activity.Count == 0 && OpenOverdueAt.Count == 0 &&
                          FeedbackNotOnTimeDue.Count == 0;

    public void Add(MonthTally other, long sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] += sign * other._values[i];
        }

        Activity.AddAll(other.Activity, sign);
        foreach (var (k, n) in other.OpenOverdueAt)
        {
            AddTo(OpenOverdueAt, k, sign * n);
        }

        foreach (var (k, n) in other.FeedbackNotOnTimeDue)
        {
            AddTo(FeedbackNotOnTimeDue, k, sign * n);
        }
    }

    public MonthTally Clone()
    {
        var copy = new MonthTally();
        copy.Add(this);
        return copy;
    }

    public bool ContentEquals(MonthTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _values.AsSpan().SequenceEqual(other._values) &&
               Activity.Count == other.Activity.Count && Activity.All(kv => other.Activity.GetValueOrDefault(kv.Key) == kv.Value) &&
               OpenOverdueAt.SequenceEqual(other.OpenOverdueAt) && FeedbackNotOnTimeDue.SequenceEqual(other.FeedbackNotOnTimeDue);
    }

    internal static void AddTo<TKey>(SortedDictionary<TKey, long> map, TKey key, long delta)
        where TKey : notnull
    {
        var value = map.GetValueOrDefault(key) + delta;
        if (value == 0)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = value;
        }
    }
}
