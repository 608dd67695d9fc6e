namespace ServiceIndex.Core.Scoring.Indicators;

/// <summary>
/// Progress of handling (20 points): of the dossiers in progress scope (handled in period, open at
/// e, or awaiting a supplement at e), the share not overdue: handled on time, still within deadline, or
/// awaiting the answer to their only supplement request made on time (portal rule 2.1).
/// <c>index-766.md</c>, code P1. Which dossiers are in scope is decided in <see cref="DossierTerms"/>.
/// </summary>
public static class Progress
{
    public static IEnumerable<IndicatorScore> Score(Tally t, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(t);

        // P1: in progress scope and (on time, within deadline, or awaiting on time) / in progress scope.
        yield return IndicatorScore.Of(rules, "P1", t[Counter.ProgressNotOverdue], t[Counter.ProgressScope]);
    }
}
