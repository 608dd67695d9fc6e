using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/target (interfaces.md), as the local host maps it.</summary>
public sealed class TargetFunction(TargetHandler target)
{
    [Function("GetTarget")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/target")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await target.GetAsync(request.Query["period"], cancellationToken).ConfigureAwait(false), request);
}
