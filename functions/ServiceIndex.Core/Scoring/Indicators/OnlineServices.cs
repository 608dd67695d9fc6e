namespace ServiceIndex.Core.Scoring.Indicators;

/// <summary>
/// Online service (22 points), shown by the national portal as two bars: online public services
/// (O1–O3, 12 points) and online payment (M1–M3, 10 points). <c>index-766.md</c>.
/// </summary>
public static class OnlineServices
{
    public static IEnumerable<IndicatorScore> Score(Tally t, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(t);

        // O1 (threshold 80%): assignments with onlineLevel ≠ none / assignments.
        yield return IndicatorScore.Of(rules, "O1", t[Counter.AssignmentsOnline], t[Counter.Assignments]);

        // O2: online-capable assignments that had an online dossier in the period / online-capable assignments.
        yield return IndicatorScore.Of(rules, "O2", t[Counter.AssignmentsOnlineWithOnlineDossier], t[Counter.AssignmentsOnline]);

        // O3 (threshold 50%, portal 3.3): received in period with channel = online / received in period, weighted by
        // T4's ratio (the share synced to the national portal; 1 when nothing was received).
        var synced = IndicatorScore.Ratio(t[Counter.ReceivedSynced], t[Counter.Received]);
        yield return IndicatorScore.Weighted(rules, "O3", t[Counter.ReceivedOnline], t[Counter.Received], synced);

        // M1 (portal 3.6): received in period with feeRequired, not feeWaived, and paidOnline / received in period
        // with feeRequired and not feeWaived.
        yield return IndicatorScore.Of(rules, "M1", t[Counter.ReceivedFeePayablePaidOnline], t[Counter.ReceivedFeePayable]);

        // M2 (threshold 80%): fee-bearing assignments that had a paidOnline dossier in the period / fee-bearing assignments.
        yield return IndicatorScore.Of(rules, "M2", t[Counter.AssignmentsFeeRequiredWithPaidOnlineDossier], t[Counter.AssignmentsFeeRequired]);

        // M3 (threshold 80%): fee-bearing assignments with onlinePaymentEnabled / fee-bearing assignments.
        yield return IndicatorScore.Of(rules, "M3", t[Counter.AssignmentsFeeRequiredWithOnlinePayment], t[Counter.AssignmentsFeeRequired]);
    }
}
