using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>Handling time of one unit's subtree.</summary>
public sealed record UnitHandlingTime(string UnitId, string Name, string Level, HandlingTimeDocument HandlingTime);

/// <summary>Handling time of one procedure within the unit's subtree.</summary>
public sealed record ProcedureHandlingTime(string ProcedureId, string? Name, string? Field, HandlingTimeDocument HandlingTime);

/// <summary>The response of <c>GET /api/handling-times</c>.</summary>
/// <param name="HandlingTime">The unit's whole subtree.</param>
/// <param name="Units">Each direct child's subtree, slowest median first.</param>
/// <param name="Procedures">Each procedure with a dossier handled in the period, slowest median first.</param>
public sealed record HandlingTimesResponse(
    PeriodInfo Period,
    string AsOf,
    string UnitId,
    string UnitName,
    HandlingTimeDocument HandlingTime,
    IReadOnlyList<UnitHandlingTime> Units,
    IReadOnlyList<ProcedureHandlingTime> Procedures);

/// <summary>
/// <c>GET /api/handling-times?period=P[&amp;unitId=U]</c>: how long the dossiers handled in the period took (receivedAt to
/// completedAt, in days: mean, median, 90th percentile), for the unit, its direct children and each procedure.
/// </summary>
public sealed class HandlingTimesHandler(ProcedureFigures figures, TimeProvider time)
{
    public async Task<ApiResult<HandlingTimesResponse>> GetAsync(string? period, string? unitId, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem))
        {
            return problem;
        }

        var set = await figures.GetForAsync(p, unitId, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return ProcedureFigures.Missing(unitId);
        }

        var tree = set.View.Tree;
        var units = set.ChildHandling
            .Select(kv => (Unit: tree.Find(kv.Key)!, Time: kv.Value))
            .OrderByDescending(x => x.Time.MedianDays ?? -1m).ThenBy(x => x.Unit.Id, StringComparer.Ordinal)
            .Select(x => new UnitHandlingTime(x.Unit.Id, x.Unit.Name, WireNames.Of(x.Unit.Level), HandlingTimeDocument.Of(x.Time)))
            .ToList();
        var procedures = set.Handling
            .OrderByDescending(kv => kv.Value.MedianDays ?? -1m).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv =>
            {
                var procedure = set.View.Catalogue.Find(kv.Key);
                return new ProcedureHandlingTime(kv.Key, procedure?.Data.Name, procedure?.Data.Field, HandlingTimeDocument.Of(kv.Value));
            })
            .ToList();
        return new HandlingTimesResponse(PeriodInfo.Of(p), Rfc3339.Format(VietnamTime.ToVietnam(set.E)), set.UnitId, set.View.UnitName(set.UnitId),
            HandlingTimeDocument.Of(set.UnitHandling), units, procedures);
    }
}
