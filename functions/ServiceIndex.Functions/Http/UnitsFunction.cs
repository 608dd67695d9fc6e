using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/units (interfaces.md), as the local host maps it.</summary>
public sealed class UnitsFunction(UnitsHandler units)
{
    [Function("GetUnits")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/units")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await units.GetAsync(cancellationToken).ConfigureAwait(false), request);
}
