using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// The ledger as the refresh holds it in memory, without storage: per unit and month the sum over buckets of the
/// month tallies (stored tallies plus deltas not yet folded into them), and the live unit and procedure records.
/// State plus delta: <see cref="Apply"/> adds a delta's cells, and scoring a period is a pure function of the state.
/// </summary>
internal sealed class LedgerMirror
{
    private readonly Dictionary<string, SortedDictionary<DateOnly, MonthTally>> _sums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChangeRecord> _catalogueRecords = new(StringComparer.Ordinal);

    /// <summary>The hierarchy of the live unit records, as of the last <see cref="RebuildCatalogue"/>.</summary>
    public UnitTree Tree { get; private set; } = UnitTree.Empty;

    /// <summary>The catalogue of the live procedure records, as of the last <see cref="RebuildCatalogue"/>.</summary>
    public Catalogue Catalogue { get; private set; } = Catalogue.Empty;

    /// <summary>The first month holding any counter (null: none).</summary>
    public DateOnly? EarliestMonth =>
        _sums.Values.Where(m => m.Count > 0).Select(m => (DateOnly?)m.Keys.First()).DefaultIfEmpty(null).Min();

    /// <summary>Forgets everything (before a full reload).</summary>
    public void Clear()
    {
        _sums.Clear();
        _catalogueRecords.Clear();
    }

    /// <summary>Adds every cell of a delta.</summary>
    public void Apply(LedgerDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        foreach (var ((month, unit), tally) in delta.Cells)
        {
            Add(unit, month, tally);
        }
    }

    /// <summary>Adds one cell: a unit's month tally (a month summing to zero is dropped).</summary>
    public void Add(string unit, DateOnly month, MonthTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (!_sums.TryGetValue(unit, out var months))
        {
            _sums[unit] = months = [];
        }

        if (months.TryGetValue(month, out var held))
        {
            held.Add(tally);
            if (held.IsZero)
            {
                months.Remove(month);
            }
        }
        else if (!tally.IsZero)
        {
            months[month] = tally.Clone();
        }
    }

    /// <summary>Keeps a unit or procedure record (by its ledger row key: a newer version replaces the older).</summary>
    public void Remember(string rowKey, ChangeRecord record) => _catalogueRecords[rowKey] = record;

    /// <summary>Rebuilds the hierarchy and the catalogue from the live unit and procedure records.</summary>
    public void RebuildCatalogue()
    {
        var live = _catalogueRecords.Values.Where(r => !r.Deleted).ToList();
        Tree = PeriodScoreBook.TreeOf(live);
        Catalogue = PeriodScoreBook.CatalogueOf(live);
    }

    /// <summary>Every unit's score for <paramref name="period"/> at <paramref name="e"/>.</summary>
    public IReadOnlyList<UnitScore> Score(Period period, DateTimeOffset e, IndexRules rules) =>
        Scorer.ScoreAll(Tree, Catalogue, unit => _sums.TryGetValue(unit, out var months) ? LedgerEvaluator.Evaluate(period, e, months) : null, rules);
}
