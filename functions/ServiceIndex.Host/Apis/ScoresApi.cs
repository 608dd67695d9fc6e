using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class ScoresApi
{
    public static RouteGroupBuilder MapScoresApi(this RouteGroupBuilder api)
    {
        api.MapGet("/scores", GetScoresAsync).WithName("GetScores").WithTags("Scores");
        return api;
    }

    private static async Task<Results<Ok<ScoreDocument>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> GetScoresAsync(
        ScoresQuery query, TimeProvider time, string? period, string? level, string? unitId, CancellationToken ct)
    {
        Period p;
        if (period is null)
        {
            p = Period.MonthOf(VietnamTime.Today(time));
        }
        else if (!Period.TryParse(period, out p!, out var error))
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "Unknown period", Detail = error, Status = 400 });
        }

        var document = await query.GetAsync(p, level, unitId, ct).ConfigureAwait(false);
        return document is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "No scores", Detail = $"No scores are stored for {p.Label} yet.", Status = 404 })
            : TypedResults.Ok(document);
    }
}
