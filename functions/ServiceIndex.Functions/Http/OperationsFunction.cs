using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/operations (this instance's last hour). The answer is the shared HTTP layer's (<see cref="PipelineEndpoints.GetOperations"/>), as on the local host.</summary>
public sealed class OperationsFunction
{
    [Function("GetOperations")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/operations")] HttpRequest request) =>
        PipelineEndpoints.GetOperations.Answer(request);
}
