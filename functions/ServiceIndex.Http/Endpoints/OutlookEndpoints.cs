using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>Where the period ends if nobody acts, and the course of the score day by day.</summary>
public static class OutlookEndpoints
{
    public static readonly ApiEndpoint GetForecast = new("GetForecast", "GET", "api/forecast", GetForecastAsync, b => b.WithTags("Scores")
        .WithSummary("The score at the period's end if nobody acts, beside today's")
        .WithDescription("Per unit: today's total and groups, the same at the period's last second on the records as they stand (every open dossier whose " +
                         "deadline falls before the end becomes overdue; no new dossiers), and the change. actions: the open dossiers of the unit's subtree " +
                         "(default: the province) due before the end, soonest first (at most 100), and the points handling them before their deadline keeps. " +
                         "period as for /api/scores (default: the current month); unitId: one unit.")
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound));

    public static readonly ApiEndpoint GetTrajectory = new("GetTrajectory", "GET", "api/trajectory", GetTrajectoryAsync, b => b.WithTags("Scores")
        .WithSummary("Day-by-day course of one unit's score over a period")
        .WithDescription("For each Vietnamese day of the period up to today: the unit's total and five groups as of the end of that day (23:59:59 +07) " +
                         "on the records as they stand, the change since the day before, and the same day of the previous year's period where the " +
                         "ledger's history reaches it (lastYear, else null). From a day-granular ledger; points of closed days are kept until a change reaches them. " +
                         "period as for /api/scores (default: the current month); unitId defaults to the province.")
        .ProducesProblem(StatusCodes.Status400BadRequest));

    private static async Task<Results<Ok<TrajectoryResponse>, ProblemHttpResult>> GetTrajectoryAsync(
        TrajectoryHandler handler, string? period, string? unitId, CancellationToken ct) =>
        (await handler.GetAsync(period, unitId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<ForecastResponse>, ProblemHttpResult>> GetForecastAsync(
        ForecastHandler handler, string? period, string? unitId, CancellationToken ct) =>
        (await handler.GetAsync(period, unitId, ct).ConfigureAwait(false)).ToOk();
}
