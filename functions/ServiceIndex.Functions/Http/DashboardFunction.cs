using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// The dashboard's page and top-level files (<c>/</c>, <c>/app.js</c>, …), from the API's origin: no CORS,
/// and its <c>api/…</c> calls resolve to the API. The Functions host tries routes in an order of its own
/// (not ASP.NET's precedence), so no dashboard route may also match an API route: one optional segment
/// here, <see cref="DashboardModulesFunction"/> for <c>/modules/…</c>.
/// </summary>
public sealed class DashboardFunction
{
    [Function("Dashboard")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "{file?}")] HttpRequest request, string? file) =>
        DashboardFiles.Serve(request, string.IsNullOrEmpty(file) ? "index.html" : file);
}
