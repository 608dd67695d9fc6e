using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

internal static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder api)
    {
        api.MapGet("/status", async (StatusQuery query, CancellationToken ct) => TypedResults.Ok(await query.GetAsync(ct).ConfigureAwait(false)))
            .WithName("GetStatus").WithTags("Pipeline");
        return api;
    }
}
