using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceIndex.Http;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Handlers;

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

        // Worker telemetry straight to Application Insights, authenticated with the identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();

        // The Application Insights provider keeps only warnings unless told otherwise; the handlers log their progress
        // (pages pulled, records applied) at Information.
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var warningsOnly = options.Rules.FirstOrDefault(rule =>
                rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (warningsOnly is not null)
            {
                options.Rules.Remove(warningsOnly);
            }
        });
        return builder;
    }

    /// <summary>
    /// The feed's push in Azure: one pull at once with a short budget (no timer of ours to wake). The pull's blob lease makes
    /// concurrent notifications no-ops while one runs; the timer picks up whatever arrives after it read the head.
    /// </summary>
    private sealed class InlinePull(PullHandler pull) : IFeedPull
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

        public Task RequestAsync(CancellationToken cancellationToken) => pull.RunAsync(Budget, cancellationToken);
    }
}
