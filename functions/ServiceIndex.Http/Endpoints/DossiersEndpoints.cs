using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>Late and due-soon dossiers, named (JSON, CSV or Excel).</summary>
public static class DossiersEndpoints
{
    public static readonly ApiEndpoint GetLateDossiers = new("GetLateDossiers", "GET", "api/late-dossiers", GetLateDossiersAsync, b => b.WithTags("Dossiers")
        .WithSummary("Overdue dossiers of a period, named")
        .WithDescription("Dossiers handled late in the period, or open at its evaluation moment past their deadline, with unit, procedure, field and days late. " +
                         "unitId includes the unit's subtree. sort: daysLate (default, descending), dueAt or unit; order: desc or asc; limit 1–1000 (default 100); offset. " +
                         "format=csv returns the same rows as CSV (UTF-8 with BOM), format=xlsx as an Excel workbook (without limit, every row).")
        .ProducesProblem(StatusCodes.Status400BadRequest));

    public static readonly ApiEndpoint GetDueSoon = new("GetDueSoon", "GET", "api/due-soon", GetDueSoonAsync, b => b.WithTags("Dossiers")
        .WithSummary("Open dossiers due within N days")
        .WithDescription("days 1–60 (default 3); soonest deadline first; limit 1–1000 (default 100), offset.")
        .ProducesProblem(StatusCodes.Status400BadRequest));

    private static async Task<Results<SerializedOk<LateDossiersResponse>, FileContentHttpResult, ProblemHttpResult>> GetLateDossiersAsync(
        LateDossiersHandler handler, string? period, string? unitId, string? field, string? sort, string? order, string? limit, string? offset,
        string? format, CancellationToken ct)
    {
        var result = await handler.GetAsync(period, unitId, field, sort, order, limit, offset, format, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return ApiResults.Problem(result.Problem!);
        }

        return format switch
        {
            "csv" => TypedResults.File(LateDossiersCsv.Render(result.Value), LateDossiersCsv.ContentType, LateDossiersCsv.FileName(result.Value)),
            "xlsx" => TypedResults.File(LateDossiersXlsx.Render(result.Value), Xlsx.ContentType, LateDossiersXlsx.FileName(result.Value)),
            _ => new SerializedOk<LateDossiersResponse>(result.Value),
        };
    }

    private static async Task<Results<SerializedOk<DueSoonResponse>, ProblemHttpResult>> GetDueSoonAsync(
        DueSoonHandler handler, string? unitId, string? days, string? limit, string? offset, CancellationToken ct) =>
        (await handler.GetAsync(unitId, days, limit, offset, ct).ConfigureAwait(false)).ToSerializedOk();
}
