using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/handling-times. The answer is the shared HTTP layer's (<see cref="ProceduresEndpoints.GetHandlingTimes"/>), as on the local host.</summary>
public sealed class HandlingTimesFunction
{
    [Function("GetHandlingTimes")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/handling-times")] HttpRequest request) => ProceduresEndpoints.GetHandlingTimes.Answer(request);
}
