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

        // D1: handled in period with resultDigitized / handled in period.
        yield return IndicatorScore.Of(rules, "D1", t[Counter.HandledResultDigitized], t[Counter.Handled]);

        // D2 (threshold 80%): received in period with componentsDigitized / received in period.
        yield return IndicatorScore.Of(rules, "D2", t[Counter.ReceivedComponentsDigitized], t[Counter.Received]);

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
}
