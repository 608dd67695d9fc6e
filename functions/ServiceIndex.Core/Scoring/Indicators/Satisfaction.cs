namespace ServiceIndex.Core.Scoring.Indicators;

/// <summary>
/// Satisfaction (18 points). A rating left blank counts as satisfied: only a negative evaluation
/// or late handling takes points away. <c>index-766.md</c>, S1–S3.
/// </summary>
public static class Satisfaction
{
    public static IEnumerable<IndicatorScore> Score(Tally t, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(t);

        // S1: feedback in scope resolved on time or within deadline / feedback in scope.
        yield return IndicatorScore.Of(rules, "S1", t[Counter.FeedbackOnTimeOrWithinDeadline], t[Counter.Feedback]);

        // S2: feedback in scope neither rated dissatisfied nor overdue / feedback in scope.
        yield return IndicatorScore.Of(rules, "S2", t[Counter.FeedbackNeitherDissatisfiedNorOverdue], t[Counter.Feedback]);

        // S3 (threshold 90%): handled in period neither rated dissatisfied nor overdue / handled in period.
        yield return IndicatorScore.Of(rules, "S3", t[Counter.HandledNeitherDissatisfiedNorOverdue], t[Counter.Handled]);
    }
}
