using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Diagnostics;

namespace ServiceIndex.Http.Endpoints;

/// <summary>The pipeline's health, its dead letters, and the feed's push notice.</summary>
public static class PipelineEndpoints
{
    public static readonly ApiEndpoint GetStatus = new("GetStatus", "GET", "api/status", GetStatusAsync, b => b.WithTags("Pipeline")
        .WithSummary("Pipeline health")
        .WithDescription("caughtUp (last pull found no more, queue empty, nothing in flight), lastPullAt, recordsApplied, queuedMessages, deadLetters, cursor, and detail."));

    public static readonly ApiEndpoint GetDeadLetters = new("GetDeadLetters", "GET", "api/dead-letters", GetDeadLettersAsync, b => b.WithTags("Pipeline")
        .WithSummary("Rejected feed records with their reasons")
        .WithDescription("Newest first; limit 1–1000 (default 100); total counts them all.")
        .ProducesProblem(StatusCodes.Status400BadRequest));

    public static readonly ApiEndpoint GetOperations = new("GetOperations", "GET", "api/operations", GetOperationsHistory, b => b.WithTags("Pipeline")
        .WithSummary("The last hour of this instance's pipeline metrics")
        .WithDescription("Every 15 s: feedLagSeconds, queueDepth, poisonMessages (gauges) and recordsRead, recordsApplied, deadLettered " +
                         "(since the previous point); the numbers of /metrics and Azure Monitor (docs/operations.md). Per instance, from its start."));

    public static readonly ApiEndpoint NotifyFeed = new("NotifyFeed", "POST", "api/feed/notify", NotifyAsync, b => b.WithTags("Pipeline")
        .WithSummary("The procedure system's push: new changes, pull now")
        .WithDescription("X-Webhook-Key must hold Feed:WebhookKey. 202: a pull runs now (or right after the running one); notifications in a burst coalesce.")
        .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden));

    private static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> GetStatusAsync(StatusHandler handler, CancellationToken ct) =>
        (await handler.GetAsync(ct).ConfigureAwait(false)).ToOk();

    private static Ok<OperationsHistoryDocument> GetOperationsHistory(OperationsHistory history) => TypedResults.Ok(history.Snapshot());

    private static async Task<Results<Ok<DeadLettersResponse>, ProblemHttpResult>> GetDeadLettersAsync(
        DeadLettersHandler handler, string? limit, CancellationToken ct) =>
        (await handler.GetAsync(limit, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Accepted<FeedNotifyResponse>, ProblemHttpResult>> NotifyAsync(
        FeedNotifyHandler handler, IFeedPull pull, HttpRequest request, CancellationToken ct) =>
        (await handler.NotifyAsync(request.Headers[FeedNotifyHandler.Header], pull.RequestAsync, ct).ConfigureAwait(false)).ToAccepted();
}
