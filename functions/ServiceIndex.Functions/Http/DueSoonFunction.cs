using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/due-soon (interfaces.md), as the local host maps it.</summary>
public sealed class DueSoonFunction(DueSoonHandler dueSoon)
{
    [Function("GetDueSoon")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/due-soon")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await dueSoon.GetAsync(request.Query["unitId"], request.Query["days"], request.Query["limit"], request.Query["offset"], cancellationToken).ConfigureAwait(false), request);
}
