using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>Reports for people: the leadership report.</summary>
public static class ReportsEndpoints
{
    public static readonly ApiEndpoint GetLeadershipReport = new("GetLeadershipReport", "GET", "api/reports/leadership", GetLeadershipAsync, b => b.WithTags("Scores")
        .WithSummary("One landscape page for leaders: the units of one level with the six bars")
        .WithDescription("The units of one level ranked by total, with the six bars of the national portal, the rank in each (ties share a rank), the total " +
                         "and the change since the previous period. format=xlsx: a workbook (frozen header, filters, print titles, one A4 landscape page); " +
                         "format=html: a printable page (unitId highlights one row); without format, JSON. level is required.")
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound));

    private static async Task<Results<Ok<LeadershipReport>, FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> GetLeadershipAsync(
        LeadershipReportHandler handler, string? period, string? level, string? format, string? unitId, CancellationToken ct)
    {
        var result = await handler.GetAsync(period, level, format, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return ApiResults.Problem(result.Problem!);
        }

        return format switch
        {
            "xlsx" => TypedResults.File(LeadershipReportHandler.RenderXlsx(result.Value), Xlsx.ContentType, LeadershipReportHandler.FileName(result.Value, "xlsx")),
            "html" => TypedResults.Content(LeadershipReportHandler.RenderHtml(result.Value, unitId), "text/html; charset=utf-8"),
            _ => TypedResults.Ok(result.Value),
        };
    }
}
