using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>POST /api/admin/recompute: anonymous at the platform, an admin credential checked by the HTTP layer. The answer is the shared HTTP layer's (<see cref="AdminEndpoints.Recompute"/>), as on the local host.</summary>
public sealed class AdminRecomputeFunction
{
    [Function("AdminRecompute")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/recompute")] HttpRequest request) => AdminEndpoints.Recompute.Answer(request);
}
