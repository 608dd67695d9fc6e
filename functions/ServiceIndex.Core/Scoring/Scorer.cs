using ServiceIndex.Core.Hierarchy;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// Scores every unit of the hierarchy over its subtree: each unit's own tally plus its catalogue
/// counts, summed over the unit and its descendants, then the formulas. Never averages scores.
/// </summary>
public static class Scorer
{
    public static IReadOnlyList<UnitScore> ScoreAll(
        UnitTree tree, Catalogue catalogue, Func<string, OwnTally?> own, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(own);
        var subtrees = SubtreeTallies(tree, catalogue, own);
        return [.. tree.Units.Select(u => UnitScore.Compute(u, subtrees[u.Id], rules))];
    }

    /// <summary>For every unit, the sum over its subtree of own counters and catalogue counters.</summary>
    public static Dictionary<string, Tally> SubtreeTallies(UnitTree tree, Catalogue catalogue, Func<string, OwnTally?> own)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(own);
        var empty = new ActivityMap();
        return tree.RollUp(
            id =>
            {
                var mine = own(id);
                var tally = mine?.Tally.Clone() ?? new Tally();
                catalogue.CountOwn(tree.Find(id)!, mine?.Activity ?? empty, tally);
                return tally;
            },
            Tally.Sum);
    }
}
