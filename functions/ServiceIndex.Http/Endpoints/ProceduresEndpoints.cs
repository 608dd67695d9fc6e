using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>The drill-downs: a unit's indicators per procedure, and handling times.</summary>
public static class ProceduresEndpoints
{
    public static readonly ApiEndpoint GetProcedures = new("GetProcedures", "GET", "api/procedures", GetProceduresAsync, b => b.WithTags("Drill-down")
        .WithSummary("A unit's indicators split by administrative procedure")
        .WithDescription("For each procedure of the unit's subtree: each indicator's numerator and denominator (they sum to the unit's), the points the unit " +
                         "loses because of the procedure (what it would gain if that procedure's dossiers or assignments all met the indicator), " +
                         "per group and in all, and the handling time of its dossiers handled in the period. The row with procedureId null holds feedback and commune units. " +
                         "unitId defaults to the province; group keeps one group's indicators; sort: pointsLost (default, descending), name, handled or medianDays.")
        .ProducesProblem(StatusCodes.Status400BadRequest));

    public static readonly ApiEndpoint GetHandlingTimes = new("GetHandlingTimes", "GET", "api/handling-times", GetHandlingTimesAsync, b => b.WithTags("Drill-down")
        .WithSummary("How long handled dossiers took: unit, its units and procedures")
        .WithDescription("Dossiers handled in the period (completed or rejected, completedAt day in the period), receivedAt to completedAt in days: " +
                         "count, mean, median and 90th percentile, for the unit's subtree, each direct child's subtree and each procedure. unitId defaults to the province.")
        .ProducesProblem(StatusCodes.Status400BadRequest));

    private static async Task<Results<Ok<ProceduresResponse>, ProblemHttpResult>> GetProceduresAsync(
        ProceduresHandler handler, string? period, string? unitId, string? group, string? sort, string? order, CancellationToken ct) =>
        (await handler.GetAsync(period, unitId, group, sort, order, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<HandlingTimesResponse>, ProblemHttpResult>> GetHandlingTimesAsync(
        HandlingTimesHandler handler, string? period, string? unitId, CancellationToken ct) =>
        (await handler.GetAsync(period, unitId, ct).ConfigureAwait(false)).ToOk();
}
