using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/due-soon. The answer is the shared HTTP layer's (<see cref="DossiersEndpoints.GetDueSoon"/>), as on the local host.</summary>
public sealed class DueSoonFunction
{
    [Function("GetDueSoon")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/due-soon")] HttpRequest request) => DossiersEndpoints.GetDueSoon.Answer(request);
}
