using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class UnitsApi
{
    public static RouteGroupBuilder MapUnitsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/units", GetUnitsAsync).WithName("GetUnits").WithTags("Units")
            .WithSummary("The hierarchy")
            .WithDescription("Every unit with its level, parent and depth; parents before their children, siblings by id.");
        return api;
    }

    private static async Task<Results<SerializedOk<UnitsResponse>, ProblemHttpResult>> GetUnitsAsync(UnitsHandler handler, CancellationToken ct) =>
        (await handler.GetAsync(ct).ConfigureAwait(false)).ToSerializedOk();
}
