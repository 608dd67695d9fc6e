using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class RankingsApi
{
    public static RouteGroupBuilder MapRankingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rankings", GetRankingsAsync).WithName("GetRankings").WithTags("Scores")
            .WithSummary("Units of one level ranked by total")
            .WithDescription("Sorted by total descending (ties by name); equal totals share a rank. level is required.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<SerializedOk<RankingsResponse>, ProblemHttpResult>> GetRankingsAsync(
        RankingsHandler handler, string? period, string? level, CancellationToken ct) =>
        (await handler.GetAsync(period, level, ct).ConfigureAwait(false)).ToSerializedOk();
}
