using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/status (interfaces.md), as the local host maps it.</summary>
public sealed class StatusFunction(StatusHandler status)
{
    [Function("GetStatus")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/status")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await status.GetAsync(cancellationToken).ConfigureAwait(false), request);
}
