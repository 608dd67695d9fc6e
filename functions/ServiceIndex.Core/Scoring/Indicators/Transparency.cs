namespace ServiceIndex.Core.Scoring.Indicators;

/// <summary>
/// Transparency (18 points): is the catalogue announced, published and complete, and are dossiers'
/// statuses visible on the national portal? <c>index-766.md</c>, codes T1–T4.
/// </summary>
public static class Transparency
{
    public static IEnumerable<IndicatorScore> Score(Tally t, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(t);

        // T1: assignments with announcedOnTime / assignments.
        yield return IndicatorScore.Of(rules, "T1", t[Counter.AssignmentsAnnouncedOnTime], t[Counter.Assignments]);

        // T2: assignments with publishedOnTime / assignments.
        yield return IndicatorScore.Of(rules, "T2", t[Counter.AssignmentsPublishedOnTime], t[Counter.Assignments]);

        // T3: assignments with publishedComplete / assignments.
        yield return IndicatorScore.Of(rules, "T3", t[Counter.AssignmentsPublishedComplete], t[Counter.Assignments]);

        // T4: received in period with syncedToNationalPortal / received in period.
        yield return IndicatorScore.Of(rules, "T4", t[Counter.ReceivedSynced], t[Counter.Received]);
    }
}
