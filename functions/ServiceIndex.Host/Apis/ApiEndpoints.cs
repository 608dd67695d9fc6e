using Scalar.AspNetCore;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// The HTTP API of <c>interfaces.md</c> on the local host: services (<see cref="AddServiceIndexApi"/>) and
/// middleware plus routes (<see cref="MapServiceIndexApi"/>), one file per resource group. The handlers are
/// the Pipeline's query handlers, shared with the Azure Functions shell.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>Query handlers, problem details, admin authentication, rate limits, CORS and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddServiceIndexApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddServiceIndexQueries(builder.Configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = ScoreJson.Options.Encoder);
        services.AddAdminAuthentication(builder.Configuration);
        services.AddServiceIndexRateLimiting(builder.Configuration); // per client: admin 10/min, API 1000/s (Apis/RateLimiting.cs)

        // Cross-origin callers: only the origins of Cors:AllowedOrigins (none by default; the dashboard is same-origin).
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p =>
        {
            p.WithOrigins([.. origins.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim().TrimEnd('/'))])
                .WithMethods("GET", "POST", "PUT")
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

        var api = app.MapGroup("/api");
        api.MapScoresApi();
        api.MapRankingsApi();
        api.MapUnitsApi();
        api.MapDossiersApi();
        api.MapProceduresApi();
        api.MapCompareApi();
        api.MapTargetApi();
        api.MapTrendApi();
        api.MapStatusApi();
        api.MapFeedApi();
        api.MapNationalSyncApi();
        api.MapDeadLettersApi();
        api.MapAdminApi();

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
