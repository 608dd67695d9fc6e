using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/rankings. The answer is the shared HTTP layer's (<see cref="ScoresEndpoints.GetRankings"/>), as on the local host.</summary>
public sealed class RankingsFunction
{
    [Function("GetRankings")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/rankings")] HttpRequest request) => ScoresEndpoints.GetRankings.Answer(request);
}
