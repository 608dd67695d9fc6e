using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/scores: JSON, or an Excel workbook with format=xlsx. The answer is the shared HTTP layer's (<see cref="ScoresEndpoints.GetScores"/>), as on the local host.</summary>
public sealed class ScoresFunction
{
    [Function("GetScores")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/scores")] HttpRequest request) => ScoresEndpoints.GetScores.Answer(request);
}
