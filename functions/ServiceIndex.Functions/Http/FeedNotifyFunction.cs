using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Handlers;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// POST /api/feed/notify: the procedure system's push, checked against Feed:WebhookKey (X-Webhook-Key, constant time).
/// Runs one pull at once with a short budget instead of waiting for the timer; the pull's blob lease makes concurrent
/// notifications no-ops while one runs (the timer picks up whatever arrives after it read the head). The work it queues
/// reaches Apply through the changes queue as usual.
/// </summary>
public sealed class FeedNotifyFunction(FeedNotifyHandler notify, PullHandler pull)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Function("NotifyFeed")]
    public async Task<IResult> PostAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/feed/notify")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Accepted(await notify.NotifyAsync(request.Headers[FeedNotifyHandler.Header], ct => pull.RunAsync(Budget, ct), cancellationToken)
            .ConfigureAwait(false));
}
