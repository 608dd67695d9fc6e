using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class TrendApi
{
    public static RouteGroupBuilder MapTrendApi(this RouteGroupBuilder api)
    {
        api.MapGet("/trend", GetTrendAsync).WithName("GetTrend").WithTags("Scores")
            .WithSummary("Month-by-month totals of one unit")
            .WithDescription("From the period snapshots of ended months and the current month's live scores; months 1–60 (default 12); unitId defaults to the province.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<TrendResponse>, ProblemHttpResult>> GetTrendAsync(
        TrendHandler handler, string? unitId, string? months, CancellationToken ct) =>
        (await handler.GetAsync(unitId, months, ct).ConfigureAwait(false)).ToOk();
}
