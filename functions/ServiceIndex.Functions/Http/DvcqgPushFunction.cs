using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>POST /api/dvcqg: the national sync push. The answer is the shared HTTP layer's (<see cref="NationalSyncEndpoints.Push"/>), as on the local host.</summary>
public sealed class DvcqgPushFunction
{
    [Function("DvcqgPush")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dvcqg")] HttpRequest request) => NationalSyncEndpoints.Push.Answer(request);
}
