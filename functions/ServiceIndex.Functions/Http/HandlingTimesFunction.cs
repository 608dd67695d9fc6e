using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/handling-times (docs/api.md), as the local host maps it.</summary>
public sealed class HandlingTimesFunction(HandlingTimesHandler handlingTimes)
{
    [Function("GetHandlingTimes")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/handling-times")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await handlingTimes.GetAsync(request.Query["period"], request.Query["unitId"], cancellationToken).ConfigureAwait(false), request);
}
