using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/target. The answer is the shared HTTP layer's (<see cref="ScoresEndpoints.GetTarget"/>), as on the local host.</summary>
public sealed class TargetFunction
{
    [Function("GetTarget")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/target")] HttpRequest request) => ScoresEndpoints.GetTarget.Answer(request);
}
