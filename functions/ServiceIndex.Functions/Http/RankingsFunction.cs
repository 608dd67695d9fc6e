using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/rankings (interfaces.md), as the local host maps it.</summary>
public sealed class RankingsFunction(RankingsHandler rankings)
{
    [Function("GetRankings")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rankings")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await rankings.GetAsync(request.Query["period"], request.Query["level"], cancellationToken).ConfigureAwait(false), request);
}
