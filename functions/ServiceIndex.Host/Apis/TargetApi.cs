using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class TargetApi
{
    public static RouteGroupBuilder MapTargetApi(this RouteGroupBuilder api)
    {
        api.MapGet("/target", GetTargetAsync).WithName("GetTarget").WithTags("Scores")
            .WithSummary("The gap to the national top 20, and the steps that close it")
            .WithDescription("Per group: the province's points, the 20th other province's (from the imported national ranking), the gap, and concrete steps " +
                             "with the number of dossiers (or procedures, or communes) each needs and the points it gains, cheapest per item first. " +
                             "Without an imported ranking, twentieth and gap are null and the steps still say what each point costs.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<TargetResponse>, ProblemHttpResult>> GetTargetAsync(TargetHandler handler, string? period, CancellationToken ct) =>
        (await handler.GetAsync(period, ct).ConfigureAwait(false)).ToOk();
}
