using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Core.NationalPortal;

/// <summary>
/// The six codes of the portal's published <c>groupScores</c> (<c>national-portal.md</c> §2) and the bar each one is.
/// The mapping is the one the peer crawler <c>ChippedTopaz/qd766</c> uses (<c>src/qd766/backend/dashboard.py</c>,
/// <c>NATIONAL_GROUP_CODES</c> and <c>NATIONAL_GROUP_MAXIMUMS</c>: transparency → CKMB 18, dvc-progress-tree → TDGQ 20,
/// provide-online-tree → CLGQ 12, dossier-digitized → MDSH 22, handling-satisfaction → MDHL 18,
/// formality-online-payment-tree → TTTT 10); its <c>docs/QD766_DATA_MODEL.md</c> names the same six groups.
/// </summary>
public static class PortalGroups
{
    public const string Transparency = "CKMB";
    public const string Progress = "TDGQ";
    public const string OnlineServices = "CLGQ";
    public const string Digitisation = "MDSH";
    public const string Satisfaction = "MDHL";
    public const string OnlinePayment = "TTTT";

    /// <summary>The portal's codes in the order of its bars.</summary>
    public static readonly IReadOnlyList<string> Codes = [Transparency, Progress, OnlineServices, OnlinePayment, Digitisation, Satisfaction];

    /// <summary>Our bar (<see cref="Bars"/>) of each portal code.</summary>
    public static readonly IReadOnlyDictionary<string, string> BarOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Transparency] = Bars.Transparency,
        [Progress] = Bars.Progress,
        [OnlineServices] = Bars.OnlinePublicServices,
        [OnlinePayment] = Bars.OnlinePayment,
        [Digitisation] = Bars.Digitisation,
        [Satisfaction] = Bars.Satisfaction,
    };

    /// <summary>The portal code of each of our bars.</summary>
    public static readonly IReadOnlyDictionary<string, string> CodeOf = BarOf.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>Our group of a bar: the two online bars are one group (<c>onlineServices</c>), every other bar is its own group.</summary>
    public static string GroupOf(string bar) => bar is Bars.OnlinePublicServices or Bars.OnlinePayment ? Groups.OnlineServices : bar;

    /// <summary>Our five groups from the portal's six codes (<c>onlineServices</c> = CLGQ + TTTT). Every code must be present.</summary>
    public static IReadOnlyDictionary<string, decimal> ToGroups(IReadOnlyDictionary<string, decimal> byCode)
    {
        ArgumentNullException.ThrowIfNull(byCode);
        var groups = Groups.All.ToDictionary(g => g, _ => 0m, StringComparer.Ordinal);
        foreach (var code in Codes)
        {
            groups[GroupOf(BarOf[code])] += byCode[code];
        }

        return groups;
    }

    /// <summary>The six bars of one unit's score, keyed by the portal's codes (exact, unrounded).</summary>
    public static IReadOnlyDictionary<string, decimal> ByCode(UnitScore score, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(rules);
        var byCode = Codes.ToDictionary(c => c, _ => 0m, StringComparer.Ordinal);
        foreach (var indicator in score.Indicators)
        {
            byCode[CodeOf[rules[indicator.Code].Bar]] += indicator.Points;
        }

        return byCode;
    }
}

/// <summary>
/// The parts of progress the portal's <c>dvc-progress-tree</c> publishes, from a unit's subtree tally: dossiers received in
/// the period, handled in the period (completed) and of those on time, and dossiers overdue (in progress scope and not
/// on time, within deadline or awaiting on time: P1's denominator minus its numerator).
/// </summary>
public sealed record ProgressParts(long Received, long OnTime, long Overdue, long Completed)
{
    public static ProgressParts Of(Tally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return new(tally[Counter.Received], tally[Counter.HandledOnTime], tally[Counter.ProgressScope] - tally[Counter.ProgressNotOverdue], tally[Counter.Handled]);
    }
}
