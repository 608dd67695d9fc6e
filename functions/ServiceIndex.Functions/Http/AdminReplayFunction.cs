using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>POST /api/admin/replay: anonymous at the platform, an admin credential checked by the HTTP layer. The answer is the shared HTTP layer's (<see cref="AdminEndpoints.Replay"/>), as on the local host.</summary>
public sealed class AdminReplayFunction
{
    [Function("AdminReplay")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/replay")] HttpRequest request) => AdminEndpoints.Replay.Answer(request);
}
