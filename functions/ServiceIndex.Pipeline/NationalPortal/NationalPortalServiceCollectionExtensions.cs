using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Pipeline.NationalPortal;

public static class NationalPortalServiceCollectionExtensions
{
    /// <summary>
    /// The reader of the portal's published scores, bound to the <c>NationalPortal</c> section (validated on start), with its typed
    /// client: total timeout, retries (exponential backoff with jitter; 429, 408, 5xx, timeouts, broken connections;
    /// <c>Retry-After</c> honoured), a circuit breaker and a timeout per attempt — the feed client's resilience pipeline. Idempotent.
    /// </summary>
    public static IServiceCollection AddNationalPortalReader(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NationalPortalOptions>().Bind(configuration.GetSection(NationalPortalOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NationalPortalOptions>, NationalPortalOptionsValidator>());
        services.TryAddSingleton<PortalStore>();
        services.TryAddSingleton<NationalRankingStore>(); // the national table the reader writes (and the API reads)
        services.TryAddTransient<PortalReadJob>();
        if (services.Any(d => d.ServiceType == typeof(PortalClient)))
        {
            return services;
        }

        services.AddHttpClient<PortalClient>((sp, http) =>
        {
            // Off (no base URL): the client is never called; a placeholder keeps it constructible.
            http.BaseAddress = sp.GetRequiredService<IOptions<NationalPortalOptions>>().Value.BaseAddress ?? new Uri("http://localhost/");
            http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times requests out
        }).AddResilienceHandler("national-portal", static (pipeline, context) =>
        {
            var portal = context.ServiceProvider.GetRequiredService<IOptions<NationalPortalOptions>>().Value;
            new HttpResiliencePolicy(portal.TotalTimeout, portal.MaxRetries, portal.RetryBaseDelay, TimeSpan.FromMinutes(2), portal.AttemptTimeout,
                new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.9,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromMinutes(2),
                    BreakDuration = TimeSpan.FromSeconds(30),
                }).Build(pipeline);
        });
        return services;
    }
}
