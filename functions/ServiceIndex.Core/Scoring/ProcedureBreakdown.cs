using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>One indicator of one procedure within a unit's subtree: its share of the unit's numerator and denominator, and the points it costs.</summary>
/// <param name="PointsLost">See <see cref="ProcedureBreakdown.PointsLost"/>; exact (rounded only at output).</param>
public sealed record ProcedureIndicator(string Code, long Numerator, long Denominator, decimal PointsLost);

/// <summary>
/// What one procedure (or, with a null id, what no procedure: feedback and commune units) adds to a
/// unit's subtree tally in one period, and the points each indicator loses because of it.
/// </summary>
public sealed record ProcedureShare(string? ProcedureId, Tally Tally, IReadOnlyList<ProcedureIndicator> Indicators)
{
    /// <summary>Points lost because of this procedure, summed over its indicators.</summary>
    public decimal PointsLost => Indicators.Sum(i => i.PointsLost);

    public decimal PointsLostIn(string group, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Indicators.Where(i => rules[i.Code].Group == group).Sum(i => i.PointsLost);
    }
}

/// <summary>
/// Splits a unit's subtree tally by administrative procedure: each dossier counts under its
/// <c>procedureId</c>, each assignment under its procedure; feedback (which names no procedure) and
/// commune units (D3) under no procedure. The shares add up to the unit's subtree tally exactly, so
/// every indicator's numerator and denominator are the sums of the procedures' ones.
/// </summary>
public static class ProcedureBreakdown
{
    /// <summary>
    /// The shares of the units in <paramref name="units"/> (a subtree) for the period at e, from live records; the
    /// share with a null id (not attributable to a procedure) comes first, then procedures by id.
    /// </summary>
    public static IReadOnlyList<ProcedureShare> Split(IEnumerable<ChangeRecord> live, IReadOnlySet<string> units, UnitTree tree,
        Catalogue catalogue, Period period, DateTimeOffset e, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(catalogue);
        var none = new Tally();
        var byProcedure = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var activity = new Dictionary<string, ActivityMap>(StringComparer.Ordinal);
        foreach (var record in live)
        {
            switch (record.Data)
            {
                case DossierData d when units.Contains(d.UnitId):
                    if (!activity.TryGetValue(d.UnitId, out var map))
                    {
                        activity[d.UnitId] = map = new ActivityMap();
                    }

                    Contribution.Add(d, period, e, TallyOf(byProcedure, d.ProcedureId), map, +1);
                    break;
                case FeedbackData f when units.Contains(f.UnitId):
                    Contribution.Add(f, period, e, none, +1);
                    break;
            }
        }

        foreach (var unitId in units)
        {
            if (tree.Find(unitId) is not { } unit)
            {
                continue;
            }

            // The commune counters of CountOwn, with no assignments (an empty catalogue).
            Catalogue.Empty.CountOwn(unit, new ActivityMap(), none);
            var map = activity.GetValueOrDefault(unitId);
            foreach (var p in catalogue.AssignedTo(unitId))
            {
                Catalogue.CountAssignment(p, map?.GetValueOrDefault(p.Id) ?? default, TallyOf(byProcedure, p.Id));
            }
        }

        // D1 and D2 follow each procedure's paperResult in the catalogue's current state (Digitisation).
        foreach (var (procedureId, tally) in byProcedure)
        {
            if (catalogue.Find(procedureId) is { Data.PaperResult: false })
            {
                var a = activity.Values.Aggregate(default(ProcedureActivity), (sum, map) => sum + map.GetValueOrDefault(procedureId));
                Scoring.Indicators.Digitisation.WithoutPaperResult(a, tally);
            }
        }

        var whole = new Tally();
        whole.Add(none);
        foreach (var t in byProcedure.Values)
        {
            whole.Add(t);
        }

        var unitScores = Indicators(whole, rules).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var shares = new List<ProcedureShare> { Share(null, none, unitScores, rules) };
        shares.AddRange(byProcedure.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Share(kv.Key, kv.Value, unitScores, rules)));
        return shares;
    }

    /// <summary>
    /// The points a unit loses on one indicator because of one procedure: how many points the unit would gain if
    /// every one of that procedure's items in the denominator also met the numerator (the unit's numerator grows
    /// by <c>d − n</c>), all else unchanged (O3 keeps the unit's T4 factor). Zero when the procedure has nothing in the denominator or the unit
    /// is already at full points. Not additive across procedures once a threshold is reached (the first fix may
    /// already earn the full points).
    /// </summary>
    public static decimal PointsLost(IndexRules rules, string code, long unitNumerator, long unitDenominator, long numerator, long denominator,
        decimal factor = 1m)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var missing = denominator - numerator;
        if (missing <= 0)
        {
            return 0m;
        }

        return rules.Points(code, unitNumerator + missing, unitDenominator, factor) - rules.Points(code, unitNumerator, unitDenominator, factor);
    }

    private static ProcedureShare Share(string? id, Tally tally, Dictionary<string, IndicatorScore> unit, IndexRules rules) =>
        new(id, tally,
        [
            .. Indicators(tally, rules).Where(i => i.Denominator != 0 || i.Numerator != 0).Select(i =>
            {
                var u = unit[i.Code];
                return new ProcedureIndicator(i.Code, i.Numerator, i.Denominator, PointsLost(rules, i.Code, u.Numerator, u.Denominator, i.Numerator, i.Denominator,
                    u.Factor ?? 1m));
            }),
        ]);

    private static IReadOnlyList<IndicatorScore> Indicators(Tally tally, IndexRules rules) =>
        UnitScore.Compute(new Unit("", "", UnitLevel.Province, null, false), tally, rules).Indicators;

    private static Tally TallyOf(Dictionary<string, Tally> tallies, string procedureId)
    {
        if (!tallies.TryGetValue(procedureId, out var t))
        {
            tallies[procedureId] = t = new Tally();
        }

        return t;
    }
}
