using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/procedures (docs/api.md), as the local host maps it.</summary>
public sealed class ProceduresFunction(ProceduresHandler procedures)
{
    [Function("GetProcedures")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procedures")] HttpRequest request, CancellationToken cancellationToken)
    {
        var q = request.Query;
        return ApiResponses.Get(await procedures.GetAsync(q["period"], q["unitId"], q["group"], q["sort"], q["order"], cancellationToken).ConfigureAwait(false), request);
    }
}
