using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>POST /api/admin/replay: anonymous at the platform, an Entra ID bearer token checked here (<see cref="EntraAdmin"/>).</summary>
public sealed class AdminReplayFunction(AdminHandler admin)
{
    [Function("AdminReplay")]
    public async Task<IResult> PostAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/replay")] HttpRequest request, CancellationToken cancellationToken) =>
        await EntraAdmin.RefuseAsync(request).ConfigureAwait(false)
        ?? ApiResponses.Accepted(await admin.ReplayAsync(cancellationToken).ConfigureAwait(false));
}
