namespace ServiceIndex.Simulator;

/// <summary>How dossiers of one field behave: the leaders' observation that late dossiers sit in
/// land (<c>dat-dai</c>) is encoded here, not scattered through the generator.</summary>
/// <param name="LateRate">Chance a dossier with a deadline is returned late (before the unit's late factor).</param>
/// <param name="MeanDaysLate">Mean calendar days past the deadline when late.</param>
/// <param name="Pace">Mean share of the time limit used by an on-time dossier.</param>
/// <param name="SuspendRate">Chance handling is suspended by law for a while.</param>
/// <param name="SupplementRate">Chance the unit asks the applicant for more documents (land and
/// construction dossiers need cadastral papers, drawings and surveys that are often incomplete).</param>
/// <param name="FullOnline">Chance a procedure of the field is offered fully online.</param>
/// <param name="PartialOnline">Chance it is offered partially online.</param>
internal sealed record FieldProfile(
    double LateRate, double MeanDaysLate, double Pace, double SuspendRate, double SupplementRate, double FullOnline, double PartialOnline)
{
    private static readonly FieldProfile Ordinary = new(0.015, 3, 0.3, 0.01, 0.02, 0.3, 0.4);

    private static readonly Dictionary<string, FieldProfile> ByField = new(StringComparer.Ordinal)
    {
        // Land offices work close to the limit and overrun it often, by a week or more.
        ["dat-dai"] = new(0.10, 10, 0.85, 0.05, 0.18, 0.1, 0.6),
        ["xay-dung"] = new(0.04, 5, 0.5, 0.04, 0.15, 0.2, 0.5),
        ["moi-truong"] = new(0.03, 4, 0.3, 0.03, 0.08, 0.2, 0.5),
        ["ho-tich"] = new(0.006, 1, 0.3, 0.005, 0.01, 0.55, 0.35),
        ["chung-thuc"] = new(0.004, 1, 0.3, 0, 0, 0.2, 0.6),
        ["doanh-nghiep"] = new(0.01, 2, 0.4, 0.005, 0.03, 0.7, 0.25),
        ["giao-thong"] = new(0.01, 2, 0.4, 0.005, 0.01, 0.6, 0.3),
        ["tu-phap"] = new(0.02, 3, 0.5, 0.01, 0.03, 0.5, 0.4),
    };

    public static FieldProfile For(string field) => ByField.GetValueOrDefault(field, Ordinary);
}
