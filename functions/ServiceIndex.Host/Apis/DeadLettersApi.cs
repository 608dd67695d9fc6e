using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class DeadLettersApi
{
    public static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/dead-letters", GetDeadLettersAsync).WithName("GetDeadLetters").WithTags("Pipeline")
            .WithSummary("Rejected feed records with their reasons")
            .WithDescription("Newest first; limit 1–1000 (default 100); total counts them all.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<DeadLettersResponse>, ProblemHttpResult>> GetDeadLettersAsync(
        DeadLettersHandler handler, string? limit, CancellationToken ct) =>
        (await handler.GetAsync(limit, ct).ConfigureAwait(false)).ToOk();
}
