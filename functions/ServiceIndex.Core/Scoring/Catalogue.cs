using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;

namespace ServiceIndex.Core.Scoring;

/// <summary>A live procedure of the catalogue.</summary>
public sealed record Procedure(string Id, ProcedureData Data);

/// <summary>
/// The current procedure catalogue as assignments: (procedure, unit) pairs from each live
/// procedure's <c>unitIds</c> whose unit is known. Catalogue indicators count assignments in
/// their current state, whatever the period.
/// </summary>
public sealed class Catalogue
{
    private readonly Dictionary<string, List<Procedure>> _byUnit = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Procedure> _byId;

    public Catalogue(IEnumerable<Procedure> procedures)
    {
        ArgumentNullException.ThrowIfNull(procedures);
        _byId = procedures.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var p in _byId.Values)
        {
            foreach (var unitId in p.Data.UnitIds.Distinct(StringComparer.Ordinal))
            {
                if (!_byUnit.TryGetValue(unitId, out var list))
                {
                    _byUnit[unitId] = list = [];
                }

                list.Add(p);
            }
        }
    }

    public static Catalogue Empty { get; } = new([]);

    public Procedure? Find(string procedureId) => _byId.GetValueOrDefault(procedureId);

    public IEnumerable<Procedure> Procedures => _byId.Values;

    /// <summary>The procedures assigned to one unit (the unit's own assignments).</summary>
    public IReadOnlyList<Procedure> AssignedTo(string unitId) =>
        _byUnit.TryGetValue(unitId, out var list) ? list : [];

    /// <summary>
    /// Adds the unit's own assignment and commune counters to <paramref name="tally"/>: the
    /// catalogue-only ones, and the ones that need a dossier of the period (<paramref name="activity"/>);
    /// and applies the catalogue's <c>paperResult</c> to the unit's D1 and D2 counters.
    /// </summary>
    public void CountOwn(Unit unit, ActivityMap activity, Tally tally)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(tally);
        if (unit.Level == UnitLevel.Commune)
        {
            tally[Counter.Communes]++;
            if (unit.ECertifiedCopy)
            {
                tally[Counter.CommunesWithECertifiedCopy]++;
            }
        }

        foreach (var p in AssignedTo(unit.Id))
        {
            CountAssignment(p, activity.GetValueOrDefault(p.Id), tally);
        }

        Indicators.Digitisation.CountProceduresWithoutPaperResult(this, activity, tally);
    }

    /// <summary>
    /// Adds one assignment (the procedure at one unit) to <paramref name="tally"/>, given the unit's
    /// activity for that procedure in the period: the per-assignment part of <see cref="CountOwn"/>.
    /// </summary>
    public static void CountAssignment(Procedure procedure, ProcedureActivity a, Tally tally)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(tally);
        var d = procedure.Data;
        tally[Counter.Assignments]++;
        if (d.AnnouncedOnTime)
        {
            tally[Counter.AssignmentsAnnouncedOnTime]++;
        }

        if (d.PublishedOnTime)
        {
            tally[Counter.AssignmentsPublishedOnTime]++;
        }

        if (d.PublishedComplete)
        {
            tally[Counter.AssignmentsPublishedComplete]++;
        }

        if (d.OnlineLevel != OnlineLevel.None)
        {
            tally[Counter.AssignmentsOnline]++;
            if (a.Online > 0)
            {
                tally[Counter.AssignmentsOnlineWithOnlineDossier]++;
            }
        }

        if (d.FeeRequired)
        {
            tally[Counter.AssignmentsFeeRequired]++;
            if (d.OnlinePaymentEnabled)
            {
                tally[Counter.AssignmentsFeeRequiredWithOnlinePayment]++;
            }

            if (a.PaidOnline > 0)
            {
                tally[Counter.AssignmentsFeeRequiredWithPaidOnlineDossier]++;
            }
        }

        if (a.PopulationData > 0)
        {
            tally[Counter.AssignmentsWithPopulationDataDossier]++;
        }
    }
}
