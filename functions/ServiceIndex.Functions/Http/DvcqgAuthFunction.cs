using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>POST /api/dvcqg/auth: the sync module's login. The answer is the shared HTTP layer's (<see cref="NationalSyncEndpoints.Authenticate"/>), as on the local host.</summary>
public sealed class DvcqgAuthFunction
{
    [Function("DvcqgAuth")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dvcqg/auth")] HttpRequest request) => NationalSyncEndpoints.Authenticate.Answer(request);
}
