using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Api;

/// <summary>The response of <c>GET /api/compare</c>: the units' score documents (with their <c>scoreDelta</c>) in the order asked.</summary>
public sealed record CompareResponse(PeriodInfo Period, string AsOf, IReadOnlyList<UnitScoreDocument> Units);

/// <summary>
/// <c>GET /api/compare?period=P&amp;unitId=A&amp;unitId=B[…]</c>: two to <see cref="MaxUnits"/> different units side by side over the
/// same period, each scored over its subtree as in <c>GET /api/scores</c>.
/// </summary>
public sealed class CompareHandler(ScoresHandler scores, TimeProvider time)
{
    public const int MinUnits = 2;
    public const int MaxUnits = 20;

    public async Task<ApiResult<CompareResponse>> GetAsync(string? period, IReadOnlyList<string?>? unitIds, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem))
        {
            return problem;
        }

        var ids = (unitIds ?? []).Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).ToList();
        if (ids.Count < MinUnits || ids.Count > MaxUnits)
        {
            return ApiProblem.BadRequest("Invalid unitId",
                $"Compare needs {MinUnits} to {MaxUnits} units (unitId repeated: ?unitId=a&unitId=b); got {ids.Count}.");
        }

        var twice = ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            return ApiProblem.BadRequest("Invalid unitId", $"The unit '{QueryInput.Shorten(twice.Key)}' is asked for more than once.");
        }

        var document = await scores.DocumentAsync(p, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return ScoresHandler.NotScored(p.Label);
        }

        var byId = document.Units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var unknown = ids.FirstOrDefault(id => !byId.ContainsKey(id));
        if (unknown is not null)
        {
            return QueryInput.UnknownUnit(unknown);
        }

        return new CompareResponse(document.Period, document.AsOf, [.. ids.Select(id => byId[id])]);
    }
}
