using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// PUT /api/admin/national-ranking (CSV or JSON body, at most Api:MaxAdminBodyBytes): anonymous at the
/// platform, an Entra ID bearer token checked here (<see cref="EntraAdmin"/>).
/// </summary>
public sealed class AdminNationalRankingFunction(AdminHandler admin, IOptions<ApiOptions> options)
{
    [Function("ImportNationalRanking")]
    public async Task<IResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/national-ranking")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (await EntraAdmin.RefuseAsync(request).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var body = await RequestBody.ReadAsync(request.Body, request.ContentLength, options.Value.MaxAdminBodyBytes, cancellationToken).ConfigureAwait(false);
        return body.IsOk
            ? ApiResponses.Ok(await admin.ImportNationalRankingAsync(request.Query["period"], request.ContentType, body.Value, cancellationToken).ConfigureAwait(false))
            : ApiResponses.Problem(body.Problem!);
    }
}
