using System.Globalization;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One indicator of one procedure: its share of the unit's numerator and denominator, and the points it costs the unit.</summary>
public sealed record ProcedureIndicatorDocument(long Numerator, long Denominator, decimal PointsLost);

/// <summary>
/// One procedure of a unit's subtree (<c>docs/api.md</c>). The row with a null <see cref="ProcedureId"/> holds what no
/// procedure carries: feedback (S1, S2) and commune units (D3).
/// </summary>
/// <param name="PointsLost">Sum of <see cref="Indicators"/>' points lost (of the asked group only, when one was asked for).</param>
/// <param name="Groups">Points lost per group (all five groups).</param>
public sealed record ProcedureRow(
    string? ProcedureId,
    string? Name,
    string? Field,
    decimal PointsLost,
    IReadOnlyDictionary<string, decimal> Groups,
    IReadOnlyDictionary<string, ProcedureIndicatorDocument> Indicators,
    HandlingTimeDocument HandlingTime);

/// <summary>The response of <c>GET /api/procedures</c>.</summary>
public sealed record ProceduresResponse(
    PeriodInfo Period,
    string AsOf,
    string UnitId,
    string UnitName,
    string? Group,
    HandlingTimeDocument HandlingTime,
    IReadOnlyList<ProcedureRow> Procedures);

/// <summary>
/// <c>GET /api/procedures?period=P[&amp;unitId=U][&amp;group=G][&amp;sort=S][&amp;order=O]</c>: the unit's indicators split by
/// administrative procedure (numerators, denominators, the points each procedure costs, handling time), from the
/// ledger's record rows at the period's evaluation moment (now, to the minute, for a running period).
/// </summary>
public sealed class ProceduresHandler(ProcedureFigures figures, TimeProvider time)
{
    /// <summary>Sort keys: points lost (default, descending), procedure name, dossiers handled, median handling time.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["pointsLost", "name", "handled", "medianDays"];

    private static readonly StringComparer Names = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: false);

    public async Task<ApiResult<ProceduresResponse>> GetAsync(string? period, string? unitId, string? group, string? sort, string? order,
        CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem) ||
            !QueryInput.TryChoice(group, "group", Groups.All, null, out var g, out problem) ||
            !QueryInput.TryChoice(sort, "sort", Sorts, "pointsLost", out var s, out problem) ||
            !QueryInput.TryChoice(order, "order", ["desc", "asc"], null, out var o, out problem))
        {
            return problem;
        }

        var set = await figures.GetForAsync(p, unitId, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return ProcedureFigures.Missing(unitId);
        }

        var rules = figures.Rules;
        var rows = new List<ProcedureRow>();
        foreach (var share in set.Shares)
        {
            var indicators = share.Indicators.Where(i => g is null || rules[i.Code].Group == g).ToList();
            if (indicators.Count == 0)
            {
                continue;
            }

            var procedure = share.ProcedureId is null ? null : set.View.Catalogue.Find(share.ProcedureId);
            var handling = share.ProcedureId is null ? HandlingTime.None : set.Handling.GetValueOrDefault(share.ProcedureId) ?? HandlingTime.None;
            rows.Add(new ProcedureRow(share.ProcedureId, procedure?.Data.Name, procedure?.Data.Field,
                Output.Round(indicators.Sum(i => i.PointsLost)),
                Groups.All.ToDictionary(x => x, x => Output.Round(share.PointsLostIn(x, rules)), StringComparer.Ordinal),
                indicators.ToDictionary(i => i.Code, i => new ProcedureIndicatorDocument(i.Numerator, i.Denominator, Output.Round(i.PointsLost)), StringComparer.Ordinal),
                HandlingTimeDocument.Of(handling)));
        }

        var descending = (o ?? (s == "name" ? "asc" : "desc")) == "desc";
        IOrderedEnumerable<ProcedureRow> sorted = s switch
        {
            "name" => descending ? rows.OrderByDescending(r => r.Name ?? "", Names) : rows.OrderBy(r => r.Name ?? "", Names),
            "handled" => descending ? rows.OrderByDescending(r => r.HandlingTime.Handled) : rows.OrderBy(r => r.HandlingTime.Handled),
            "medianDays" => descending ? rows.OrderByDescending(r => r.HandlingTime.MedianDays ?? -1m) : rows.OrderBy(r => r.HandlingTime.MedianDays ?? -1m),
            _ => descending ? rows.OrderByDescending(r => r.PointsLost) : rows.OrderBy(r => r.PointsLost),
        };

        return new ProceduresResponse(PeriodInfo.Of(p), Rfc3339.Format(VietnamTime.ToVietnam(set.E)), set.UnitId, set.View.UnitName(set.UnitId), g,
            HandlingTimeDocument.Of(set.UnitHandling),
            [.. sorted.ThenBy(r => r.Name ?? "", Names).ThenBy(r => r.ProcedureId, StringComparer.Ordinal)]);
    }
}
