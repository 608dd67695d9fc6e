using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Handlers;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class FeedApi
{
    public static RouteGroupBuilder MapFeedApi(this RouteGroupBuilder api)
    {
        api.MapPost("/feed/notify", NotifyAsync).WithName("NotifyFeed").WithTags("Pipeline")
            .WithSummary("The procedure system's push: new changes, pull now")
            .WithDescription("X-Webhook-Key must hold Feed:WebhookKey. 202: a pull runs now (or right after the running one); notifications in a burst coalesce.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Results<Accepted<FeedNotifyResponse>, ProblemHttpResult>> NotifyAsync(
        FeedNotifyHandler handler, PipelineTriggers triggers, HttpRequest request, CancellationToken ct) =>
        (await handler.NotifyAsync(request.Headers[FeedNotifyHandler.Header], _ =>
        {
            triggers.PullRequested.Raise();
            return Task.CompletedTask;
        }, ct).ConfigureAwait(false)).ToAccepted();
}
