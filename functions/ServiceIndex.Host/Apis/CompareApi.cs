using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class CompareApi
{
    public static RouteGroupBuilder MapCompareApi(this RouteGroupBuilder api)
    {
        api.MapGet("/compare", GetCompareAsync).WithName("CompareUnits").WithTags("Scores")
            .WithSummary("Two or more units side by side over one period")
            .WithDescription("unitId repeated, 2–20 different units: each unit's entry of the score document (total, rating, groups, indicators, scoreDelta), in the order asked.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<CompareResponse>, ProblemHttpResult>> GetCompareAsync(
        CompareHandler handler, string? period, string[]? unitId, CancellationToken ct) =>
        (await handler.GetAsync(period, unitId, ct).ConfigureAwait(false)).ToOk();
}
