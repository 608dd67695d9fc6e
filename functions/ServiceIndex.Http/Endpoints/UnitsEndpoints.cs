using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http.Endpoints;

/// <summary>The hierarchy of units.</summary>
public static class UnitsEndpoints
{
    public static readonly ApiEndpoint GetUnits = new("GetUnits", "GET", "api/units", GetUnitsAsync, b => b.WithTags("Units")
        .WithSummary("The hierarchy")
        .WithDescription("Every unit with its level, parent and depth; parents before their children, siblings by id."));

    private static async Task<Results<SerializedOk<UnitsResponse>, ProblemHttpResult>> GetUnitsAsync(UnitsHandler handler, CancellationToken ct) =>
        (await handler.GetAsync(ct).ConfigureAwait(false)).ToSerializedOk();
}
