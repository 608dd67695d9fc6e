using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ServiceIndex.Functions.Http;

/// <summary>The dashboard's script modules (<c>/modules/…</c>); see <see cref="DashboardFunction"/>.</summary>
public sealed class DashboardModulesFunction
{
    [Function("DashboardModules")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "modules/{*path}")] HttpRequest request, string? path) =>
        DashboardFiles.Serve(request, $"modules/{path}");
}
