using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>POST /api/feed/notify: the procedure system's push (X-Webhook-Key); runs one pull at once. The answer is the shared HTTP layer's (<see cref="PipelineEndpoints.NotifyFeed"/>), as on the local host.</summary>
public sealed class FeedNotifyFunction
{
    [Function("NotifyFeed")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/feed/notify")] HttpRequest request) => PipelineEndpoints.NotifyFeed.Answer(request);
}
