namespace ServiceIndex.Core.Scoring;

/// <summary>
/// The counters every indicator is computed from. All are plain counts, so a unit's subtree
/// tally is the sum of its units' tallies and a change is applied as contribution(new) −
/// contribution(old). Names say exactly what is counted, in the words of <c>index-766.md</c>.
/// </summary>
public enum Counter
{
    // Dossiers received in period (T4, O3, M1, D2, D4, D5, D6).
    Received,
    ReceivedSynced,
    ReceivedOnline,

    /// <summary>Received with feeRequired and not feeWaived: a payment was due (M1's denominator, portal 3.6).</summary>
    ReceivedFeePayable,
    ReceivedFeePayablePaidOnline,

    /// <summary>
    /// Received with componentsDigitized and, where its procedure has a paper result, resultDigitized (D2, portal
    /// 4.2). Counted as if every procedure had a paper result; <see cref="Catalogue.CountOwn"/> adds back the
    /// dossiers of procedures that have none (the catalogue is read in its current state).
    /// </summary>
    ReceivedDigitized,
    ReceivedReusedData,
    ReceivedLinkedToCitizenStore,
    ReceivedPopulationData,

    // Dossiers handled in period (S3; HandledOnTime for the province's own targets).
    Handled,
    HandledOnTime,

    /// <summary>
    /// Handled in period, of a procedure with a paper result (D1's denominator, portal 4.1), and of those the ones
    /// with resultDigitized. Counted as if every procedure had one; <see cref="Catalogue.CountOwn"/> takes out
    /// the procedures that have none.
    /// </summary>
    HandledPaperResult,
    HandledPaperResultDigitized,
    HandledNeitherDissatisfiedNorOverdue,

    // Progress of handling (P1): dossiers in progress scope, and those of them not overdue
    // (handled on time, within deadline, or awaiting their only supplement on time).
    ProgressScope,
    ProgressNotOverdue,

    // Dossiers open at e and awaiting a supplement at e, with those of them overdue (shown, not scored separately).
    OpenAtE,
    OpenOverdue,
    AwaitingSupplement,
    AwaitingOverdue,

    // Feedback in scope (S1, S2).
    Feedback,
    FeedbackOnTimeOrWithinDeadline,
    FeedbackNeitherDissatisfiedNorOverdue,

    // Assignments — (procedure, unit) pairs of the current catalogue (T1–T3, O1, O2, M2, M3, D7).
    Assignments,
    AssignmentsAnnouncedOnTime,
    AssignmentsPublishedOnTime,
    AssignmentsPublishedComplete,
    AssignmentsOnline,
    AssignmentsOnlineWithOnlineDossier,
    AssignmentsFeeRequired,
    AssignmentsFeeRequiredWithOnlinePayment,
    AssignmentsFeeRequiredWithPaidOnlineDossier,
    AssignmentsWithPopulationDataDossier,

    // Commune units (D3).
    Communes,
    CommunesWithECertifiedCopy,
}

/// <summary>A fixed set of named counts (see <see cref="Counter"/>); addable, subtractable, comparable.</summary>
public sealed class Tally : IEquatable<Tally>
{
    public static readonly int Size = Enum.GetValues<Counter>().Length;

    private readonly long[] _values;

    public Tally()
    {
        _values = new long[Size];
    }

    private Tally(long[] values)
    {
        _values = values;
    }

    public long this[Counter counter]
    {
        get => _values[(int)counter];
        set => _values[(int)counter] = value;
    }

    public ReadOnlySpan<long> Values => _values;

    public void Add(Tally other, long sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] += sign * other._values[i];
        }
    }

    public Tally Clone() => new((long[])_values.Clone());

    public bool IsZero => Array.TrueForAll(_values, v => v == 0);

    public static Tally Sum(Tally a, Tally b)
    {
        ArgumentNullException.ThrowIfNull(a);
        var sum = a.Clone();
        sum.Add(b);
        return sum;
    }

    public bool Equals(Tally? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as Tally);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(", ", Enum.GetValues<Counter>().Where(c => this[c] != 0).Select(c => $"{c}={this[c]}"));
}
