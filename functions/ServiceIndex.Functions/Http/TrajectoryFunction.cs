using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/trajectory. The answer is the shared HTTP layer's (<see cref="OutlookEndpoints.GetTrajectory"/>), as on the local host.</summary>
public sealed class TrajectoryFunction
{
    [Function("GetTrajectory")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/trajectory")] HttpRequest request) => OutlookEndpoints.GetTrajectory.Answer(request);
}
