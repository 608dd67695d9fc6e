using System.Globalization;
using ServiceIndex.Core.NationalPortal;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.NationalPortal;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One figure of a unit: ours, the portal's, the difference and its likely cause.</summary>
/// <param name="Figure"><c>total</c>, a group (<c>transparency</c>, …), <c>progress.score</c> (P1 from the progress tree), or a published part of
/// progress (<c>progress.received</c>, <c>progress.onTime</c>, <c>progress.overdue</c>, <c>progress.completed</c>).</param>
/// <param name="Ours">Our figure (points rounded to 2 decimals per portal bar, as the portal publishes them; counts exact).</param>
/// <param name="OursSyncedOnly">Ours over the dossiers synced to the portal only (what the portal can see).</param>
/// <param name="Difference"><paramref name="Ours"/> − <paramref name="Portal"/>.</param>
/// <param name="Cause"><c>none</c> (the figures agree), <c>unsynced</c> (explained by dossiers never synced), <c>portal-has-more</c> (the portal
/// counts dossiers we do not have), <c>portal-rule</c> (a rule the portal applies that we do not).</param>
/// <param name="Explanation">The cause in Vietnamese, with the count of dossiers where it is known.</param>
public sealed record ReconciliationFigure(string Figure, decimal Ours, decimal Portal, decimal Difference, decimal OursSyncedOnly, string Cause, string Explanation);

/// <summary>One unit the portal publishes figures of.</summary>
/// <param name="UnsyncedDossiers">Dossiers of the unit's subtree received in the period and never synced to the portal (<c>syncedToNationalPortal = false</c>).</param>
public sealed record ReconciliationUnit(string UnitId, string Name, string? PortalDepartmentId, string? PortalName, long UnsyncedDossiers,
    IReadOnlyList<ReconciliationFigure> Figures);

/// <summary>The response of <c>GET /api/reconciliation</c> (<c>docs/api.md</c>).</summary>
/// <param name="AsOf">The moment our figures are computed at: when the portal's figures were read, so that time alone makes no difference.</param>
/// <param name="TableSource"><c>portal</c> or <c>admin</c>: where the national table of the period came from (null: none, only the tree).</param>
public sealed record ReconciliationResponse(string Period, string AsOf, string? TableSource, string? TableReadAt, string? TreeReadAt,
    IReadOnlyList<ReconciliationUnit> Units);

/// <summary>The comparisons themselves: pure functions of our scores (all dossiers, synced only) and the portal's figures.</summary>
public static class Reconciliation
{
    /// <summary>Published points are rounded to 2 decimals per bar; a group of two bars may differ by one unit in the last place.</summary>
    public const decimal Tolerance = 0.01m;

    /// <summary>Per group and the total: our points and the portal's row of our province.</summary>
    public static IEnumerable<ReconciliationFigure> Groups(UnitScore ours, UnitScore synced, NationalProvince portal, long unsynced, long oursReceived,
        long? portalReceived, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var o = Grouped(ours, rules);
        var s = Grouped(synced, rules);
        foreach (var group in Core.Scoring.Groups.All)
        {
            yield return Points(group, o[group], portal.Groups.GetValueOrDefault(group), s[group], unsynced, oursReceived, portalReceived);
        }

        yield return Points("total", o.Values.Sum(), portal.Total, s.Values.Sum(), unsynced, oursReceived, portalReceived);
    }

    /// <summary>The progress tree's figures of one unit: P1's points and the published parts.</summary>
    public static IEnumerable<ReconciliationFigure> Progress(UnitScore ours, UnitScore synced, PortalTreeNode portal, long unsynced)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(synced);
        ArgumentNullException.ThrowIfNull(portal);
        var o = ProgressParts.Of(ours.Tally);
        var s = ProgressParts.Of(synced.Tally);
        if (portal.Score is { } score)
        {
            yield return Points("progress.score", P1(ours), score, P1(synced), unsynced, o.Received, portal.TotalReceived);
        }

        var parts = new (string Name, long Ours, long Synced, long? Portal)[]
        {
            ("progress.received", o.Received, s.Received, portal.TotalReceived),
            ("progress.onTime", o.OnTime, s.OnTime, portal.TotalOnTime),
            ("progress.overdue", o.Overdue, s.Overdue, portal.TotalOverdue),
            ("progress.completed", o.Completed, s.Completed, portal.TotalCompleted),
        };
        foreach (var (name, ours1, synced1, published) in parts)
        {
            if (published is { } p)
            {
                yield return Figure(name, ours1, p, synced1, 0m, unsynced, o.Received, portal.TotalReceived);
            }
        }
    }

    /// <summary>Points of each group as the portal publishes them: each bar rounded to 2 decimals, then summed.</summary>
    public static Dictionary<string, decimal> Grouped(UnitScore score, IndexRules rules)
    {
        var groups = Core.Scoring.Groups.All.ToDictionary(g => g, _ => 0m, StringComparer.Ordinal);
        foreach (var (code, points) in PortalGroups.ByCode(score, rules))
        {
            groups[PortalGroups.GroupOf(PortalGroups.BarOf[code])] += Output.Round(points);
        }

        return groups;
    }

    private static decimal P1(UnitScore score) => Output.Round(score.Indicators.Single(i => i.Code == "P1").Points);

    private static ReconciliationFigure Points(string name, decimal ours, decimal portal, decimal synced, long unsynced, long oursReceived, long? portalReceived) =>
        Figure(name, ours, portal, synced, Tolerance, unsynced, oursReceived, portalReceived);

    private static ReconciliationFigure Figure(string name, decimal ours, decimal portal, decimal synced, decimal tolerance, long unsynced, long oursReceived,
        long? portalReceived)
    {
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        var (cause, explanation) =
            Math.Abs(ours - portal) <= tolerance ? ("none", "Khớp với Cổng quốc gia.")
            : unsynced > 0 && Math.Abs(synced - portal) <= tolerance
                ? ("unsynced", string.Create(vi, $"{unsynced:N0} hồ sơ tiếp nhận trong kỳ chưa được đồng bộ lên Cổng quốc gia (syncedToNationalPortal = false); tính riêng các hồ sơ đã đồng bộ thì khớp."))
            : portalReceived is { } theirs && theirs > oursReceived
                ? ("portal-has-more", string.Create(vi, $"Cổng quốc gia có {theirs - oursReceived:N0} hồ sơ tiếp nhận trong kỳ mà ServiceIndex không có."))
            : ("portal-rule", "Cổng quốc gia áp dụng một quy tắc mà ServiceIndex không áp dụng (số hồ sơ như nhau, cách tính khác).");
        return new ReconciliationFigure(name, ours, portal, ours - portal, synced, cause, explanation);
    }
}
