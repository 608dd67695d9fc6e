using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>The admin commands: recompute, replay, the national ranking's import (an admin credential each).</summary>
public static class AdminEndpoints
{
    public static readonly ApiEndpoint Recompute = new("Recompute", "POST", "api/admin/recompute", RecomputeAsync, b => b.WithTags("Admin")
        .WithSummary("Rebuild the counters from the records, repair, refresh scores, write missing snapshots")
        .ProducesProblem(StatusCodes.Status409Conflict), admin: true);

    public static readonly ApiEndpoint Replay = new("Replay", "POST", "api/admin/replay", ReplayAsync, b => b.WithTags("Admin")
        .WithSummary("Apply every archived feed page again (idempotent), then refresh scores")
        .WithDescription("day=yyyy-MM-dd: only the pages received that day (Vietnam time).")
        .ProducesProblem(StatusCodes.Status400BadRequest), admin: true);

    public static readonly ApiEndpoint RedrivePoison = new("RedrivePoison", "POST", "api/admin/redrive-poison", RedrivePoisonAsync, b => b.WithTags("Admin")
        .WithSummary("Move every work message of the poison queue back to the changes queue (docs/operations.md)"), admin: true);

    public static readonly ApiEndpoint ImportNationalRanking = new("ImportNationalRanking", "PUT", "api/admin/national-ranking", ImportNationalRankingAsync,
        b => b.WithTags("Admin")
            .WithSummary("Import the national ranking of a period (CSV or JSON)")
            .WithDescription("CSV with header province,transparency,progress,onlineServices,digitisation,satisfaction (optional isSelf, total), or JSON " +
                             "{\"period\":\"2024\",\"provinces\":[{\"province\":\"…\",\"isSelf\":true,\"groups\":{…}}]}. period: ?period=2024 (or in the JSON). " +
                             "Replaces an earlier import of the period. 400 names the line and column of every invalid value (in 'errors').")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType), admin: true);

    private static async Task<Results<Accepted<RecomputeReport>, ProblemHttpResult>> RecomputeAsync(AdminHandler handler, CancellationToken ct) =>
        (await handler.RecomputeAsync(ct).ConfigureAwait(false)).ToAccepted();

    private static async Task<Results<Accepted<ReplayReport>, ProblemHttpResult>> ReplayAsync(AdminHandler handler, string? day, CancellationToken ct) =>
        (await handler.ReplayAsync(day, ct).ConfigureAwait(false)).ToAccepted();

    private static async Task<Results<Ok<RedriveReport>, ProblemHttpResult>> RedrivePoisonAsync(AdminHandler handler, CancellationToken ct) =>
        (await handler.RedrivePoisonAsync(ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<NationalRankingDocument>, ProblemHttpResult>> ImportNationalRankingAsync(
        AdminHandler handler, HttpRequest request, IOptions<ApiOptions> options, string? period, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request.Body, request.ContentLength, options.Value.MaxAdminBodyBytes, ct).ConfigureAwait(false);
        if (!body.IsOk)
        {
            return ApiResults.Problem(body.Problem!);
        }

        return (await handler.ImportNationalRankingAsync(period, request.ContentType, body.Value, ct).ConfigureAwait(false)).ToOk();
    }
}
