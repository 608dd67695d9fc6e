using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Functions.Http;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Queries;

// The composition root of the Azure Functions shell: the same pipeline the local host runs.
var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP functions take HttpRequest and return IResult; every answer
// carries the local host's security headers.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<SecurityHeaders>();

// Storage:AccountName and Storage:ClientId come from the app settings (Storage__AccountName, …):
// the clients reach the account with DefaultAzureCredential as the user-assigned identity; no key,
// no connection string. Feed:ApiKey is a Key Vault reference resolved by the platform.
builder.AddServiceIndexPipeline();

// The API's query handlers and admin commands, shared with the local host.
builder.Services.AddServiceIndexQueries(builder.Configuration);

// camelCase, Vietnamese names unescaped, RFC 7807 problems: the same answers as the local host.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = ScoreJson.Options.Encoder);
builder.Services.AddProblemDetails();

// Admin endpoints: Entra ID bearer tokens (Admin:EntraTenantId, Admin:Audience), see Http/EntraAdmin.cs.
builder.Services.AddEntraAdmin(builder.Configuration);

// Worker telemetry straight to Application Insights, authenticated with the identity
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// The Application Insights provider keeps only warnings unless told otherwise; the handlers log
// their progress (pages pulled, records applied) at Information.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var warningsOnly = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (warningsOnly is not null)
    {
        options.Rules.Remove(warningsOnly);
    }
});

await builder.Build().RunAsync().ConfigureAwait(false);
