using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceIndex.Http;
using ServiceIndex.Http.Telemetry;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Ingest;

namespace ServiceIndex.Functions;

/// <summary>
/// The composition root of the Functions app (Program.cs calls it; tests/ServiceIndex.Functions.Tests composes the same
/// host against Azurite, without the gRPC channel to the Functions host): the pipeline the local host runs, and the HTTP layer
/// both hosts answer through.
/// </summary>
public static class FunctionsComposition
{
    public static FunctionsApplicationBuilder AddServiceIndexFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // ASP.NET Core integration: HTTP functions take HttpRequest and return IResult.
        builder.ConfigureFunctionsWebApplication();

        // Storage:AccountName and Storage:ClientId come from the app settings (Storage__AccountName, …): the clients reach the
        // account with DefaultAzureCredential as the user-assigned identity; no key, no connection string. Feed:ApiKey is a Key
        // Vault reference resolved by the platform.
        builder.AddServiceIndexPipeline();

        // Query handlers, JSON, problem details, admin authentication (X-Api-Key or Entra ID tokens), shared with the local host.
        builder.Services.AddServiceIndexHttp(builder.Configuration);
        builder.Services.AddSingleton<IFeedPull, InlinePull>();

        // Telemetry: the setup the local host uses too (meter ServiceIndex.Pipeline, the pipeline's spans, the Azure SDK's, ASP.NET
        // Core's), with the worker's invocation spans and resource attributes, exported to Azure Monitor (Application Insights:
        // customMetrics, requests, dependencies, traces). host.json says telemetryMode OpenTelemetry, so the Functions host emits
        // OpenTelemetry too and the invocation is the parent of our spans. Ingestion is authenticated with the app's user-assigned
        // identity (the component has local authentication disabled); APPLICATIONINSIGHTS_CONNECTION_STRING names the component.
        var telemetry = builder.Services.AddServiceIndexTelemetry(builder.Configuration, "serviceindex-functions", traces: true)
            .UseFunctionsWorkerDefaults();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            var clientId = builder.Configuration["Storage:ClientId"];
            telemetry.UseAzureMonitorExporter(o => o.Credential =
                new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }));
        }

        return builder;
    }

    /// <summary>
    /// The feed's push in Azure: one pull at once with a short budget (no timer of ours to wake). The pull's blob lease makes
    /// concurrent notifications no-ops while one runs; the timer picks up whatever arrives after it read the head.
    /// </summary>
    private sealed class InlinePull(PullJob pull) : IFeedPull
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

        public Task RequestAsync(CancellationToken cancellationToken) => pull.RunAsync(Budget, cancellationToken);
    }
}
