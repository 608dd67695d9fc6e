namespace ServiceIndex.Host.Apis;

/// <summary>Every HTTP route of interfaces.md, grouped per resource (one file each).</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapServiceIndexApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapScoresApi();
        api.MapStatusApi();
        return app;
    }
}
