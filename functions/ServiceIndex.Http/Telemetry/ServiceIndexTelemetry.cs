using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ServiceIndex.Pipeline.Diagnostics;

namespace ServiceIndex.Http.Telemetry;

/// <summary>
/// The one telemetry setup both hosts call (the local host and the Functions worker): the pipeline's meter and activity
/// source, ASP.NET Core's request spans and its <c>http.server.request.duration</c> (by <c>http.route</c>), the Azure SDK's
/// spans (<c>Azure.*</c>), the outgoing HTTP client's; the queue gauges' sampler; OTLP export when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other standard <c>OTEL_*</c> variables). Traces are recorded only
/// when something exports them (OTLP, <c>Telemetry:Traces</c> = true, or a host's own exporter such as Azure Monitor):
/// an unexported span is pure cost on the backfill.
/// </summary>
public static class ServiceIndexTelemetry
{
    /// <summary>Meters whose instruments the hosts export (pipeline, ASP.NET Core hosting, Kestrel, HTTP client).</summary>
    public static IReadOnlyList<string> Meters { get; } =
        [PipelineMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http"];

    /// <summary>Activity sources the hosts trace (the pipeline's, the Azure SDK's, the outgoing HTTP client's).</summary>
    public static IReadOnlyList<string> Sources { get; } = [PipelineTelemetry.SourceName, "Azure.*", "System.Net.Http"];

    /// <summary>Registers the setup; <paramref name="configure"/> adds a host's own readers and exporters.</summary>
    /// <param name="serviceName">The <c>service.name</c> resource attribute (unless <c>OTEL_SERVICE_NAME</c> says otherwise).</param>
    public static OpenTelemetryBuilder AddServiceIndexTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName,
        bool? traces = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // The Azure SDK's ActivitySource support is behind this switch (AZURE_EXPERIMENTAL_ENABLE_ACTIVITY_SOURCE).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m.AddMeter([.. Meters]));
        if (traces ?? (otlp || configuration.GetValue("Telemetry:Traces", false)))
        {
            builder.WithTracing(t => t.AddSource([.. Sources]).AddAspNetCoreInstrumentation(o =>
                o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal)));
        }

        if (otlp)
        {
            builder.UseOtlpExporter(); // endpoint, protocol, headers and intervals from the standard OTEL_* variables
        }

        services.AddHostedService<PipelineGaugeSampler>(); // after the providers' own hosted service: it starts once they listen
        services.AddHostedService(sp => sp.GetRequiredService<OperationsHistory>()); // the last hour, for GET /api/operations

        return builder;
    }

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Adds the <c>/metrics</c> reader (Prometheus text) to the setup; <see cref="MapPrometheusMetrics"/> serves it.
    /// </summary>
    public static OpenTelemetryBuilder WithPrometheusMetrics(this OpenTelemetryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PrometheusMetrics>();
        builder.WithMetrics(m => m.AddReader(sp => sp.GetRequiredService<PrometheusMetrics>().Reader));
        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus text format. Open when every address the host listens on is a loopback address
    /// (only this machine can reach it, as a local scraper would); otherwise it asks for the admin credentials, as the
    /// admin routes do (<c>X-Api-Key</c> or an Entra ID token), so a host bound to all interfaces does not publish its
    /// internals.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes.MapGet(MetricsPath, (HttpContext http) => OnlyLoopback(http.RequestServices.GetRequiredService<IServer>())
            ? WriteMetricsAsync(http)
            : AdminAuthentication.AuthorizeAsync(http, WriteMetricsAsync)).ExcludeFromDescription();
    }

    private static Task WriteMetricsAsync(HttpContext http)
    {
        http.Response.ContentType = PrometheusMetrics.ContentType;
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(http.RequestServices.GetRequiredService<PrometheusMetrics>().Scrape(), http.RequestAborted);
    }

    /// <summary>Whether every address the server listens on is a loopback address (127.0.0.0/8, ::1, localhost).</summary>
    public static bool OnlyLoopback(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            return false;
        }

        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal),
                    UriKind.Absolute, out var uri))
            {
                return false;
            }

            var host = uri.Host.Trim('[', ']');
            var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
            {
                return false;
            }
        }

        return true;
    }
}
