using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/scores (interfaces.md), as the local host maps it.</summary>
public sealed class ScoresFunction(ScoresHandler scores)
{
    [Function("GetScores")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/scores")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await scores.GetAsync(request.Query["period"], request.Query["level"], request.Query["unitId"], cancellationToken).ConfigureAwait(false), request);
}
