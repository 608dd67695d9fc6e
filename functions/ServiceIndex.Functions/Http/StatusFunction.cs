using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/status. The answer is the shared HTTP layer's (<see cref="PipelineEndpoints.GetStatus"/>), as on the local host.</summary>
public sealed class StatusFunction
{
    [Function("GetStatus")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/status")] HttpRequest request) => PipelineEndpoints.GetStatus.Answer(request);
}
