namespace ServiceIndex.Core.Scoring.Indicators;

/// <summary>
/// Progress of handling (20 points): of the dossiers in progress scope (received in period,
/// handled in period, or open at e), the share handled on time or still within deadline.
/// <c>index-766.md</c>, code P1. Which dossiers are in scope is decided in <see cref="DossierTerms"/>.
/// </summary>
public static class Progress
{
    public static IEnumerable<IndicatorScore> Score(Tally t, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(t);

        // P1: in progress scope and (handled on time, or within deadline) / in progress scope.
        yield return IndicatorScore.Of(rules, "P1", t[Counter.ProgressOnTimeOrWithinDeadline], t[Counter.ProgressScope]);
    }
}
