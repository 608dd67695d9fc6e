using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>Scores, rankings, the gap to the top 20, trends and comparisons.</summary>
public static class ScoresEndpoints
{
    public static readonly ApiEndpoint GetScores = new("GetScores", "GET", "api/scores", GetScoresAsync, b => b.WithTags("Scores")
        .WithSummary("Score document of a period")
        .WithDescription("Every unit's total, rating, five groups and 21 indicators (points, max, numerator, denominator), each scored over its subtree. " +
                         "period: 2024, 2024-Q2, 2024-05 or 2024-04-17..2024-05-07 (default: the current month). level: province, agency, district or commune. unitId: one unit. " +
                         "scoreDelta: the change against the previous period of the same kind (null for a custom range or when that period has no scores). " +
                         "format=xlsx returns the same table as an Excel workbook: a summary sheet and one sheet per group.")
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound));

    public static readonly ApiEndpoint GetRankings = new("GetRankings", "GET", "api/rankings", GetRankingsAsync, b => b.WithTags("Scores")
        .WithSummary("Units of one level ranked by total")
        .WithDescription("Sorted by total descending (ties by name); equal totals share a rank. level is required.")
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound));

    public static readonly ApiEndpoint GetTarget = new("GetTarget", "GET", "api/target", GetTargetAsync, b => b.WithTags("Scores")
        .WithSummary("The gap to the national top 20, and the steps that close it")
        .WithDescription("Per group: the province's points, the 20th other province's (from the imported national ranking), the gap, and concrete steps " +
                         "with the number of dossiers (or procedures, or communes) each needs and the points it gains, cheapest per item first. " +
                         "Without an imported ranking, twentieth and gap are null and the steps still say what each point costs.")
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound));

    public static readonly ApiEndpoint GetTrend = new("GetTrend", "GET", "api/trend", GetTrendAsync, b => b.WithTags("Scores")
        .WithSummary("Month-by-month totals of one unit")
        .WithDescription("From the period snapshots of ended months and the current month's live scores; months 1–60 (default 12); unitId defaults to the province.")
        .ProducesProblem(StatusCodes.Status400BadRequest));

    public static readonly ApiEndpoint CompareUnits = new("CompareUnits", "GET", "api/compare", GetCompareAsync, b => b.WithTags("Scores")
        .WithSummary("Two or more units side by side over one period")
        .WithDescription("unitId repeated, 2–20 different units: each unit's entry of the score document (total, rating, groups, indicators, scoreDelta), in the order asked.")
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound));

    private static async Task<Results<SerializedOk<ScoreDocument>, FileContentHttpResult, ProblemHttpResult>> GetScoresAsync(
        ScoresHandler handler, string? period, string? level, string? unitId, string? format, CancellationToken ct)
    {
        var result = await handler.GetAsync(period, level, unitId, format, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return ApiResults.Problem(result.Problem!);
        }

        return format == "xlsx"
            ? TypedResults.File(ScoresXlsx.Render(result.Value, handler.Rules), Xlsx.ContentType, ScoresXlsx.FileName(result.Value, level))
            : new SerializedOk<ScoreDocument>(result.Value);
    }

    private static async Task<Results<SerializedOk<RankingsResponse>, ProblemHttpResult>> GetRankingsAsync(
        RankingsHandler handler, string? period, string? level, CancellationToken ct) =>
        (await handler.GetAsync(period, level, ct).ConfigureAwait(false)).ToSerializedOk();

    private static async Task<Results<Ok<TargetResponse>, ProblemHttpResult>> GetTargetAsync(TargetHandler handler, string? period, CancellationToken ct) =>
        (await handler.GetAsync(period, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<TrendResponse>, ProblemHttpResult>> GetTrendAsync(
        TrendHandler handler, string? unitId, string? months, CancellationToken ct) =>
        (await handler.GetAsync(unitId, months, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CompareResponse>, ProblemHttpResult>> GetCompareAsync(
        CompareHandler handler, string? period, string[]? unitId, CancellationToken ct) =>
        (await handler.GetAsync(period, unitId, ct).ConfigureAwait(false)).ToOk();
}
