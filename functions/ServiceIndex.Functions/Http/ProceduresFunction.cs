using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/procedures. The answer is the shared HTTP layer's (<see cref="ProceduresEndpoints.GetProcedures"/>), as on the local host.</summary>
public sealed class ProceduresFunction
{
    [Function("GetProcedures")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/procedures")] HttpRequest request) => ProceduresEndpoints.GetProcedures.Answer(request);
}
