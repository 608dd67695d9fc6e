using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>POST /api/admin/redrive-poison: anonymous at the platform, an admin credential checked by the HTTP layer. The answer is the shared HTTP layer's (<see cref="AdminEndpoints.RedrivePoison"/>), as on the local host.</summary>
public sealed class AdminRedrivePoisonFunction
{
    [Function("AdminRedrivePoison")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/redrive-poison")] HttpRequest request) =>
        AdminEndpoints.RedrivePoison.Answer(request);
}
