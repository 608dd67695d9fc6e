using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/units. The answer is the shared HTTP layer's (<see cref="UnitsEndpoints.GetUnits"/>), as on the local host.</summary>
public sealed class UnitsFunction
{
    [Function("GetUnits")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/units")] HttpRequest request) => UnitsEndpoints.GetUnits.Answer(request);
}
