using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// Scores one period at one evaluation moment, in memory, incrementally: every accepted version
/// is applied as contribution(new) − contribution(old) to its unit's own tally. Memory grows with
/// the number of records held, not with the number of versions read. The offline <c>score</c>
/// verb is this class fed from a file.
/// </summary>
public sealed class PeriodScoreBook
{
    private readonly VersionedState _state = new();
    private readonly Dictionary<string, OwnTally> _own = new(StringComparer.Ordinal);

    public PeriodScoreBook(Period period, DateTimeOffset asOf, IndexRules? rules = null)
    {
        Period = period ?? throw new ArgumentNullException(nameof(period));
        AsOf = asOf;
        E = period.EvaluationMoment(asOf);
        Rules = rules ?? IndexRules.Default;
    }

    public Period Period { get; }

    public DateTimeOffset AsOf { get; }

    /// <summary>e: the earlier of as-of and the period's last second.</summary>
    public DateTimeOffset E { get; }

    public IndexRules Rules { get; }

    public VersionedState State => _state;

    public VersionOutcome Apply(ChangeRecord record)
    {
        var outcome = _state.Offer(record, out var previous);
        if (outcome == VersionOutcome.Accepted)
        {
            if (previous is { Deleted: false })
            {
                Count(previous, -1);
            }

            if (!record.Deleted)
            {
                Count(record, +1);
            }
        }

        return outcome;
    }

    public OwnTally? OwnTallyOf(string unitId) => _own.GetValueOrDefault(unitId);

    /// <summary>The hierarchy from the newest live unit records.</summary>
    public UnitTree Tree() => TreeOf(_state.Live);

    /// <summary>The catalogue from the newest live procedure records.</summary>
    public Catalogue Catalogue() => CatalogueOf(_state.Live);

    public IReadOnlyList<UnitScore> Score()
    {
        var live = _state.Live.ToList();
        return Scorer.ScoreAll(TreeOf(live), CatalogueOf(live), OwnTallyOf, Rules);
    }

    public ScoreDocument Document() => ScoreDocument.From(Period, E, Score(), Rules);

    /// <summary>Own tallies rebuilt from scratch from the live records: what the incremental state must equal.</summary>
    public Dictionary<string, OwnTally> Recompute()
    {
        var book = new PeriodScoreBook(Period, AsOf, Rules);
        foreach (var record in _state.Live)
        {
            book.Count(record, +1);
        }

        return book._own;
    }

    /// <summary>True when every unit's incremental tally equals the full recompute.</summary>
    public bool MatchesRecompute()
    {
        var full = Recompute();
        var units = full.Keys.Union(_own.Keys, StringComparer.Ordinal);
        foreach (var id in units)
        {
            var a = _own.GetValueOrDefault(id) ?? new OwnTally();
            var b = full.GetValueOrDefault(id) ?? new OwnTally();
            if (!a.Tally.Equals(b.Tally) || a.Activity.Count != b.Activity.Count ||
                a.Activity.Any(kv => b.Activity.GetValueOrDefault(kv.Key) != kv.Value))
            {
                return false;
            }
        }

        return true;
    }

    public static UnitTree TreeOf(IEnumerable<ChangeRecord> live) =>
        new(live.Where(r => r.Data is UnitData)
            .Select(r => (r.Id, Data: (UnitData)r.Data))
            .Select(u => new Unit(u.Id, u.Data.Name, u.Data.Level, u.Data.ParentId, u.Data.ECertifiedCopy)));

    public static Catalogue CatalogueOf(IEnumerable<ChangeRecord> live) =>
        new(live.Where(r => r.Data is ProcedureData).Select(r => new Procedure(r.Id, (ProcedureData)r.Data)));

    private void Count(ChangeRecord record, long sign)
    {
        switch (record.Data)
        {
            case DossierData d:
                Contribution.Add(d, Period, E, Own(d.UnitId).Tally, Own(d.UnitId).Activity, sign);
                break;
            case FeedbackData f:
                Contribution.Add(f, Period, E, Own(f.UnitId).Tally, sign);
                break;
        }
    }

    private OwnTally Own(string unitId)
    {
        if (!_own.TryGetValue(unitId, out var own))
        {
            _own[unitId] = own = new OwnTally();
        }

        return own;
    }
}
