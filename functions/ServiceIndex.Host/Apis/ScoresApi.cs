using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class ScoresApi
{
    public static RouteGroupBuilder MapScoresApi(this RouteGroupBuilder api)
    {
        api.MapGet("/scores", GetScoresAsync).WithName("GetScores").WithTags("Scores")
            .WithSummary("Score document of a period")
            .WithDescription("Every unit's total, rating, five groups and 21 indicators (points, max, numerator, denominator), each scored over its subtree. " +
                             "period: 2024, 2024-Q2, 2024-05 or 2024-04-17..2024-05-07 (default: the current month). level: province, agency, district or commune. unitId: one unit. " +
                             "scoreDelta: the change against the previous period of the same kind (null for a custom range or when that period has no scores). " +
                             "format=xlsx returns the same table as an Excel workbook: a summary sheet and one sheet per group.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

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
}
