using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/late-dossiers: JSON, or CSV with format=csv, or Excel with format=xlsx. The answer is the shared HTTP layer's (<see cref="DossiersEndpoints.GetLateDossiers"/>), as on the local host.</summary>
public sealed class LateDossiersFunction
{
    [Function("GetLateDossiers")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/late-dossiers")] HttpRequest request) => DossiersEndpoints.GetLateDossiers.Answer(request);
}
