using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/reconciliation. The answer is the shared HTTP layer's (<see cref="ReconciliationEndpoints.GetReconciliation"/>), as on the local host.</summary>
public sealed class ReconciliationFunction
{
    [Function("GetReconciliation")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reconciliation")] HttpRequest request) =>
        ReconciliationEndpoints.GetReconciliation.Answer(request);
}
