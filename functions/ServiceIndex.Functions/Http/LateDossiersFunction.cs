using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/late-dossiers (interfaces.md): JSON, or CSV with format=csv, as the local host answers.</summary>
public sealed class LateDossiersFunction(LateDossiersHandler late)
{
    [Function("GetLateDossiers")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/late-dossiers")] HttpRequest request, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var result = await late.GetAsync(q["period"], q["unitId"], q["field"], q["sort"], q["order"], q["limit"], q["offset"], q["format"], cancellationToken)
            .ConfigureAwait(false);
        return result.IsOk && q["format"] == "csv"
            ? ApiResponses.Tagged(LateDossiersCsv.Render(result.Value), LateDossiersCsv.ContentType, request, LateDossiersCsv.FileName(result.Value))
            : ApiResponses.Get(result, request);
    }
}
