using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/late-dossiers (interfaces.md): JSON, or CSV with format=csv, or Excel with format=xlsx, as the local host answers.</summary>
public sealed class LateDossiersFunction(LateDossiersHandler late)
{
    [Function("GetLateDossiers")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/late-dossiers")] HttpRequest request, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var result = await late.GetAsync(q["period"], q["unitId"], q["field"], q["sort"], q["order"], q["limit"], q["offset"], q["format"], cancellationToken)
            .ConfigureAwait(false);
        if (!result.IsOk)
        {
            return ApiResponses.Get(result, request);
        }

        return q["format"].ToString() switch
        {
            "csv" => ApiResponses.Tagged(LateDossiersCsv.Render(result.Value), LateDossiersCsv.ContentType, request, LateDossiersCsv.FileName(result.Value)),
            "xlsx" => ApiResponses.Tagged(LateDossiersXlsx.Render(result.Value), Xlsx.ContentType, request, LateDossiersXlsx.FileName(result.Value)),
            _ => ApiResponses.Get(result, request),
        };
    }
}
