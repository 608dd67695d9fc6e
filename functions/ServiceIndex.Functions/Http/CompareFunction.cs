using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/compare (docs/api.md): unitId repeated, as the local host maps it.</summary>
public sealed class CompareFunction(CompareHandler compare)
{
    [Function("CompareUnits")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/compare")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await compare.GetAsync(request.Query["period"], request.Query["unitId"].ToArray(), cancellationToken).ConfigureAwait(false), request);
}
