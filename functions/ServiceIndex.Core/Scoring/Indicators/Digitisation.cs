namespace ServiceIndex.Core.Scoring.Indicators;

/// <summary>
/// Digitisation (22 points): digitised results and components, electronic certified copies,
/// reuse of data, the citizen's document store and the population database. <c>index-766.md</c>, D1–D7.
/// </summary>
public static class Digitisation
{
    public static IEnumerable<IndicatorScore> Score(Tally t, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(t);

        // D1 (portal 4.1): handled in period of a procedure with a paper result, with resultDigitized / handled in
        // period of a procedure with a paper result.
        yield return IndicatorScore.Of(rules, "D1", t[Counter.HandledPaperResultDigitized], t[Counter.HandledPaperResult]);

        // D2 (threshold 80%, portal 4.2): received in period with componentsDigitized and, where its procedure has a
        // paper result, resultDigitized / received in period.
        yield return IndicatorScore.Of(rules, "D2", t[Counter.ReceivedDigitized], t[Counter.Received]);

        // D3: commune units with eCertifiedCopy / commune units (over the subtree).
        yield return IndicatorScore.Of(rules, "D3", t[Counter.CommunesWithECertifiedCopy], t[Counter.Communes]);

        // D4 (threshold 80%): received in period with reusedDigitalData / received in period.
        yield return IndicatorScore.Of(rules, "D4", t[Counter.ReceivedReusedData], t[Counter.Received]);

        // D5: received in period with linkedToCitizenStore / received in period.
        yield return IndicatorScore.Of(rules, "D5", t[Counter.ReceivedLinkedToCitizenStore], t[Counter.Received]);

        // D6: received in period with usedPopulationData / received in period.
        yield return IndicatorScore.Of(rules, "D6", t[Counter.ReceivedPopulationData], t[Counter.Received]);

        // D7: assignments that had a usedPopulationData dossier in the period / assignments.
        yield return IndicatorScore.Of(rules, "D7", t[Counter.AssignmentsWithPopulationDataDossier], t[Counter.Assignments]);
    }

    /// <summary>
    /// D1 and D2 read whether a procedure has a paper result (<c>paperResult</c>) from the catalogue in its current
    /// state; a dossier of an unknown procedure counts as having one. Dossier counters are counted as if every
    /// procedure had a paper result, so a change to the catalogue never moves stored counters; this takes out what
    /// a unit's dossiers of procedures without one added, from the unit's per-procedure activity.
    /// </summary>
    public static void CountProceduresWithoutPaperResult(Catalogue catalogue, ActivityMap activity, Tally tally)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var (procedureId, a) in activity)
        {
            if (catalogue.Find(procedureId) is { Data.PaperResult: false })
            {
                WithoutPaperResult(a, tally);
            }
        }
    }

    /// <summary>Moves one procedure's dossiers out of D1 and lets D2 count them on their components alone.</summary>
    public static void WithoutPaperResult(ProcedureActivity a, Tally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        tally[Counter.HandledPaperResult] -= a.Handled;
        tally[Counter.HandledPaperResultDigitized] -= a.HandledResultDigitized;
        tally[Counter.ReceivedDigitized] += a.ComponentsDigitizedWithoutResult;
    }
}
