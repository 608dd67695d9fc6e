using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>Our figures beside the national portal's published ones.</summary>
public static class ReconciliationEndpoints
{
    public static readonly ApiEndpoint GetReconciliation = new("GetReconciliation", "GET", "api/reconciliation", GetReconciliationAsync, b => b.WithTags("Scores")
        .WithSummary("Our figures beside the national portal's, with the difference and its likely cause")
        .WithDescription("For a year, quarter or month the portal has published (read by the NationalPortal reader, or an admin upload naming our province): " +
                         "per group and the total (our province's row of the national table) and per published part of progress (received, on time, overdue, " +
                         "completed, P1's points; for our province and each unit of its progress tree), our figure, the portal's, the difference, ours over synced " +
                         "dossiers only, and the cause: none, unsynced (dossiers never synced to the portal explain it; their count is given), portal-has-more, or " +
                         "portal-rule. Our figures are computed as of the moment the portal's were read. unitId: one unit only. format=xlsx returns the same rows as an " +
                         "Excel workbook. 404 when nothing is published for the period.")
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound));

    private static async Task<Results<Ok<ReconciliationResponse>, FileContentHttpResult, ProblemHttpResult>> GetReconciliationAsync(
        ReconciliationHandler handler, string? period, string? unitId, string? format, CancellationToken ct)
    {
        var result = await handler.GetAsync(period, unitId, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return ApiResults.Problem(result.Problem!);
        }

        return format == "xlsx"
            ? TypedResults.File(ReconciliationXlsx.Render(result.Value), Xlsx.ContentType, ReconciliationXlsx.FileName(result.Value))
            : TypedResults.Ok(result.Value);
    }
}
