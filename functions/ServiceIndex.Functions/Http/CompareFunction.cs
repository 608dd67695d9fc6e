using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/compare (unitId repeated). The answer is the shared HTTP layer's (<see cref="ScoresEndpoints.CompareUnits"/>), as on the local host.</summary>
public sealed class CompareFunction
{
    [Function("CompareUnits")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/compare")] HttpRequest request) => ScoresEndpoints.CompareUnits.Answer(request);
}
