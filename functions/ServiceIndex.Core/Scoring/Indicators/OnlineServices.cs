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

        // O3 (threshold 50%): received in period with channel = online / received in period.
        yield return IndicatorScore.Of(rules, "O3", t[Counter.ReceivedOnline], t[Counter.Received]);

        // M1: received in period with feeRequired and paidOnline / received in period with feeRequired.
        yield return IndicatorScore.Of(rules, "M1", t[Counter.ReceivedFeeRequiredPaidOnline], t[Counter.ReceivedFeeRequired]);

        // M2 (threshold 80%): fee-bearing assignments that had a paidOnline dossier in the period / fee-bearing assignments.
        yield return IndicatorScore.Of(rules, "M2", t[Counter.AssignmentsFeeRequiredWithPaidOnlineDossier], t[Counter.AssignmentsFeeRequired]);

        // M3 (threshold 80%): fee-bearing assignments with onlinePaymentEnabled / fee-bearing assignments.
        yield return IndicatorScore.Of(rules, "M3", t[Counter.AssignmentsFeeRequiredWithOnlinePayment], t[Counter.AssignmentsFeeRequired]);
    }
}
