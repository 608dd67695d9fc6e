using Scalar.AspNetCore;
using ServiceIndex.Http;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Ingest;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// The HTTP API of <c>interfaces.md</c> on the local host: services (<see cref="AddServiceIndexApi"/>) and
/// middleware plus routes (<see cref="MapServiceIndexApi"/>). The endpoints themselves, and what surrounds them,
/// are the shared HTTP layer's (functions/ServiceIndex.Http), which the Azure Functions app answers through too.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>Query handlers, problem details, admin authentication, rate limits, CORS and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddServiceIndexApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddServiceIndexHttp(builder.Configuration); // query handlers, JSON, problem details, admin authentication
        services.AddSingleton<IFeedPull, SignalledPull>();
        services.AddServiceIndexRateLimiting(builder.Configuration); // per client: admin 10/min, API 1000/s (Apis/RateLimiting.cs)

        // Cross-origin callers: only the origins of Cors:AllowedOrigins (none by default; the dashboard is same-origin).
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p =>
        {
            p.WithOrigins([.. origins.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim().TrimEnd('/'))])
                .WithMethods("GET", "HEAD", "POST", "PUT")
                .WithHeaders("Content-Type", "If-None-Match", "Authorization", AdminCredentials.Header)
                .WithExposedHeaders("ETag", "Content-Disposition")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));

        services.AddServiceIndexOpenApi();
        services.AddHostedService<ApiWarmup>();
        return builder;
    }

    /// <summary>Problem details for errors, rate limits, ETags, CORS, admin authorization; then <c>/api/*</c>, <c>/openapi/v1.json</c> and <c>/scalar</c>.</summary>
    public static WebApplication MapServiceIndexApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseRateLimiter(); // before authentication: a wrong admin key costs a permit too
        app.UseETags("/api", "/openapi");
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapServiceIndexEndpoints();

        app.MapOpenApi("/openapi/{documentName}.json");

        // Scalar serves its bundled script from the package (/scalar/scalar.js), no CDN; no web fonts, no telemetry;
        // a nonce on its inline script lets the page run under SecurityHeaders' Scalar policy.
        app.MapScalarApiReference("/scalar", o => o
            .WithTitle("ServiceIndex API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(ApiDocumentation.DocumentName)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .WithNonce());
        return app;
    }
}

/// <summary>The local host's answer to the feed's push: wake the pull timer (PipelineJobs), which pulls at once.</summary>
internal sealed class SignalledPull(PipelineTriggers triggers) : IFeedPull
{
    public Task RequestAsync(CancellationToken cancellationToken)
    {
        triggers.PullRequested.Raise();
        return Task.CompletedTask;
    }
}
