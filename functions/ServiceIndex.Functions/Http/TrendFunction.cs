using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/trend (interfaces.md), as the local host maps it.</summary>
public sealed class TrendFunction(TrendHandler trend)
{
    [Function("GetTrend")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/trend")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await trend.GetAsync(request.Query["unitId"], request.Query["months"], cancellationToken).ConfigureAwait(false), request);
}
