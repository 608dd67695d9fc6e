using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// POST /api/admin/recompute: anonymous at the platform, an Entra ID bearer token checked here
/// (<see cref="EntraAdmin"/>). Runs to the end before answering 202, like the local host.
/// </summary>
public sealed class AdminRecomputeFunction(AdminHandler admin)
{
    [Function("AdminRecompute")]
    public async Task<IResult> PostAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/recompute")] HttpRequest request, CancellationToken cancellationToken) =>
        await EntraAdmin.RefuseAsync(request).ConfigureAwait(false)
        ?? ApiResponses.Accepted(await admin.RecomputeAsync(cancellationToken).ConfigureAwait(false));
}
