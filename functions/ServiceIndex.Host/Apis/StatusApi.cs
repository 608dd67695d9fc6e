using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder api)
    {
        api.MapGet("/status", GetStatusAsync).WithName("GetStatus").WithTags("Pipeline")
            .WithSummary("Pipeline health")
            .WithDescription("caughtUp (last pull found no more, queue empty, nothing in flight), lastPullAt, recordsApplied, queuedMessages, deadLetters, cursor, and detail.");
        return api;
    }

    private static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> GetStatusAsync(StatusHandler handler, CancellationToken ct) =>
        (await handler.GetAsync(ct).ConfigureAwait(false)).ToOk();
}
