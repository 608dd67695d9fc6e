using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// The local host's security headers (functions/ServiceIndex.Host/Hosting/SecurityHeaders.cs) on every
/// HTTP answer: the dashboard's Content-Security-Policy (own origin only, nothing inline), nosniff, no
/// framing, no referrer.
/// </summary>
internal sealed class SecurityHeaders : IFunctionsWorkerMiddleware
{
    public const string DashboardPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = DashboardPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
