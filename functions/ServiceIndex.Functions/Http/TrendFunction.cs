using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/trend. The answer is the shared HTTP layer's (<see cref="ScoresEndpoints.GetTrend"/>), as on the local host.</summary>
public sealed class TrendFunction
{
    [Function("GetTrend")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/trend")] HttpRequest request) => ScoresEndpoints.GetTrend.Answer(request);
}
