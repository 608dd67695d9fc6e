using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/scores (interfaces.md): JSON, or an Excel workbook with format=xlsx, as the local host maps it.</summary>
public sealed class ScoresFunction(ScoresHandler scores)
{
    [Function("GetScores")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/scores")] HttpRequest request, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var result = await scores.GetAsync(q["period"], q["level"], q["unitId"], q["format"], cancellationToken).ConfigureAwait(false);
        return result.IsOk && q["format"] == "xlsx"
            ? ApiResponses.Tagged(ScoresXlsx.Render(result.Value, scores.Rules), Xlsx.ContentType, request, ScoresXlsx.FileName(result.Value, q["level"]))
            : ApiResponses.Get(result, request);
    }
}
