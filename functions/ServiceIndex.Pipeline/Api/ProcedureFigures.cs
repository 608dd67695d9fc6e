using System.Collections.Concurrent;
using System.Globalization;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>The per-procedure figures of one unit's subtree for one period at e (what the drill-down endpoints serve).</summary>
/// <param name="Shares">Core's <see cref="ProcedureBreakdown"/>: the share of no procedure first, then each procedure.</param>
/// <param name="Handling">Handling time of the dossiers handled in period, per procedure id.</param>
/// <param name="UnitHandling">Handling time over the whole subtree.</param>
/// <param name="ChildHandling">Handling time over each direct child's subtree, by child id.</param>
public sealed record ProcedureFigureSet(
    LedgerView View,
    Period Period,
    DateTimeOffset E,
    string UnitId,
    IReadOnlyList<ProcedureShare> Shares,
    IReadOnlyDictionary<string, HandlingTime> Handling,
    HandlingTime UnitHandling,
    IReadOnlyDictionary<string, HandlingTime> ChildHandling);

/// <summary>
/// Computes <see cref="ProcedureFigureSet"/> from the ledger's record rows (<see cref="LedgerRecordCache"/>): one pass
/// over the live records, O(records), kept per ledger view, period, e (to the minute) and unit.
/// </summary>
public sealed class ProcedureFigures(LedgerRecordCache records, ScoreRefresher refresher, TimeProvider time)
{
    private const int MaxHeld = 32;

    private readonly ConcurrentDictionary<string, Lazy<ProcedureFigureSet>> _held = new(StringComparer.Ordinal);

    /// <summary>Maxima and thresholds the figures are computed with.</summary>
    public IndexRules Rules => refresher.Rules;

    /// <summary>The figures of <paramref name="unitId"/> (absent: the province, the first root), or null when the unit is unknown.</summary>
    public async Task<ProcedureFigureSet?> GetForAsync(Period period, string? unitId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(unitId))
        {
            var tree = (await records.GetAsync(cancellationToken).ConfigureAwait(false)).Tree;
            if (tree.Roots.Count == 0)
            {
                return null;
            }

            unitId = tree.Roots[0];
        }

        return await GetAsync(period, unitId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The problem when <see cref="GetForAsync"/> found no unit: an unknown id, or no units at all yet.</summary>
    public static ApiProblem Missing(string? unitId) => string.IsNullOrEmpty(unitId)
        ? ApiProblem.NotFound("No units", "The hierarchy is empty: the pipeline has not read any unit record yet.")
        : QueryInput.UnknownUnit(unitId);

    /// <summary>The figures, or null when the unit is unknown.</summary>
    public async Task<ProcedureFigureSet?> GetAsync(Period period, string unitId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!view.Tree.Contains(unitId))
        {
            return null;
        }

        var e = period.EvaluationMoment(PeriodScores.NowToTheMinute(time));
        var key = string.Create(CultureInfo.InvariantCulture, $"{view.Version}|{period.Label}|{e.UtcTicks}|{unitId}");
        if (_held.Count > MaxHeld)
        {
            _held.Clear();
        }

        var lazy = _held.GetOrAdd(key, _ => new Lazy<ProcedureFigureSet>(() => Compute(view, period, e, unitId, refresher.Rules)));
        return await Task.Run(() => lazy.Value, cancellationToken).ConfigureAwait(false);
    }

    public static ProcedureFigureSet Compute(LedgerView view, Period period, DateTimeOffset e, string unitId, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(view);
        var tree = view.Tree;
        var units = tree.Subtree(unitId).ToHashSet(StringComparer.Ordinal);
        var shares = ProcedureBreakdown.Split(view.Live, units, tree, view.Catalogue, period, e, rules);

        // Which direct child's subtree each unit of the subtree lies in.
        var childOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in tree.ChildrenOf(unitId))
        {
            foreach (var id in tree.Subtree(child))
            {
                childOf[id] = child;
            }
        }

        var byProcedure = new Dictionary<string, List<decimal>>(StringComparer.Ordinal);
        var byChild = tree.ChildrenOf(unitId).ToDictionary(c => c, _ => new List<decimal>(), StringComparer.Ordinal);
        var all = new List<decimal>();
        foreach (var record in view.Live)
        {
            if (record.Data is DossierData d && units.Contains(d.UnitId) && HandlingTimes.DaysOf(d, period, e) is { } days)
            {
                all.Add(days);
                if (!byProcedure.TryGetValue(d.ProcedureId, out var list))
                {
                    byProcedure[d.ProcedureId] = list = [];
                }

                list.Add(days);
                if (childOf.TryGetValue(d.UnitId, out var child))
                {
                    byChild[child].Add(days);
                }
            }
        }

        return new ProcedureFigureSet(view, period, e, unitId, shares,
            byProcedure.ToDictionary(kv => kv.Key, kv => HandlingTimes.Of(kv.Value), StringComparer.Ordinal),
            HandlingTimes.Of(all),
            byChild.ToDictionary(kv => kv.Key, kv => HandlingTimes.Of(kv.Value), StringComparer.Ordinal));
    }
}

/// <summary>A handling time as served: days rounded to 2 decimals; null figures when nothing was handled.</summary>
public sealed record HandlingTimeDocument(int Handled, decimal? AverageDays, decimal? MedianDays, decimal? P90Days)
{
    public static HandlingTimeDocument Of(HandlingTime t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Handled, Round(t.AverageDays), Round(t.MedianDays), Round(t.P90Days));
    }

    private static decimal? Round(decimal? value) => value is { } v ? Output.Round(v) : null;
}
