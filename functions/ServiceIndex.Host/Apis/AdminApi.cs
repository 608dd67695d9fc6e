using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin").RequireAuthorization(AdminAuthentication.Policy)
            .AddEndpointFilter<BodyLimitFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        admin.MapPost("/recompute", RecomputeAsync).WithName("Recompute")
            .WithSummary("Rebuild the counters from the records, repair, refresh scores, write missing snapshots")
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/replay", ReplayAsync).WithName("Replay")
            .WithSummary("Apply every archived feed page again (idempotent), then refresh scores");
        admin.MapPut("/national-ranking", ImportNationalRankingAsync).WithName("ImportNationalRanking")
            .WithSummary("Import the national ranking of a period (CSV or JSON)")
            .WithDescription("CSV with header province,transparency,progress,onlineServices,digitisation,satisfaction (optional isSelf, total), or JSON " +
                             "{\"period\":\"2024\",\"provinces\":[{\"province\":\"…\",\"isSelf\":true,\"groups\":{…}}]}. period: ?period=2024 (or in the JSON). " +
                             "Replaces an earlier import of the period. 400 names the line and column of every invalid value (in 'errors').")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<Results<Accepted<RecomputeReport>, ProblemHttpResult>> RecomputeAsync(AdminHandler handler, CancellationToken ct) =>
        (await handler.RecomputeAsync(ct).ConfigureAwait(false)).ToAccepted();

    private static async Task<Results<Accepted<ReplayReport>, ProblemHttpResult>> ReplayAsync(AdminHandler handler, CancellationToken ct) =>
        (await handler.ReplayAsync(ct).ConfigureAwait(false)).ToAccepted();

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

    /// <summary>Admin requests carry at most <see cref="ApiOptions.MaxAdminBodyBytes"/>: a larger declared body is refused at once (413), a larger streamed one when it is read.</summary>
    private sealed class BodyLimitFilter(IOptions<ApiOptions> options) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var limit = options.Value.MaxAdminBodyBytes;
            if (http.Request.ContentLength > limit)
            {
                return ApiResults.Problem(ApiProblem.TooLarge(
                    FormattableString.Invariant($"The body is larger than the {limit / 1024:#,0} KiB admin endpoints accept.")));
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit + 1L;
            }

            return await next(context).ConfigureAwait(false);
        }
    }
}
