using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/dead-letters. The answer is the shared HTTP layer's (<see cref="PipelineEndpoints.GetDeadLetters"/>), as on the local host.</summary>
public sealed class DeadLettersFunction
{
    [Function("GetDeadLetters")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/dead-letters")] HttpRequest request) => PipelineEndpoints.GetDeadLetters.Answer(request);
}
