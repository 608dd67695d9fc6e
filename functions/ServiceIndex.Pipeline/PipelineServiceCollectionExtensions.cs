using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Diagnostics;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.NationalPortal;
using ServiceIndex.Pipeline.NationalSync;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline;

/// <summary>The pipeline's composition root: options, storage clients, the feed client and every handler and query.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers the pipeline, bound to the <c>Storage</c>, <c>Feed</c> and <c>Pipeline</c> configuration sections.</summary>
    public static IHostApplicationBuilder AddServiceIndexPipeline(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddServiceIndexPipeline(builder.Configuration);
        return builder;
    }

    /// <summary>Registers the pipeline, bound to the <c>Storage</c>, <c>Feed</c> and <c>Pipeline</c> sections of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddServiceIndexPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddOptions<FeedOptions>().Bind(configuration.GetSection(FeedOptions.Section)).ValidateOnStart();
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section)).ValidateOnStart();
        services.AddOptions<ScoringOptions>().Bind(configuration.GetSection(ScoringOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeedOptions>, FeedOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoringOptions>, ScoringOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ScoringOptions>>().Value.LoadRules());
        services.TryAddSingleton(sp => IndicatorCatalogue.From(sp.GetRequiredService<IndexRules>()));

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton<StorageTransactionCounter>();
        services.TryAddSingleton<StorageFaultInjector>();
        services.TryAddSingleton<FaultInjection>();
        services.TryAddSingleton<PipelineMetrics>();
        services.TryAddSingleton<OperationsHistory>(); // sampled when the telemetry setup runs it (ServiceIndexTelemetry)

        services.AddNationalSyncReceiver(configuration); // the national sync format pushed in (NationalSync/)
        services.AddNationalPortalReader(configuration); // the portal's published scores read in (NationalPortal/)
        AddStorageClients(services);
        AddFeedClient(services);

        services.TryAddSingleton<PipelineStorage>();
        services.TryAddSingleton<PipelineTriggers>();
        services.TryAddSingleton<LedgerWriter>();
        services.TryAddSingleton(sp => new ApplyJob(sp.GetRequiredService<PipelineStorage>(), sp.GetRequiredService<LedgerWriter>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PipelineMetrics>(), sp.GetRequiredService<IOptions<PipelineOptions>>(),
            sp.GetRequiredService<ILogger<ApplyJob>>(), sp.GetRequiredService<IOptions<DvcqgOptions>>().Value.Mapping));
        services.TryAddTransient(sp => new PullJob(sp.GetRequiredService<PipelineStorage>(), sp.GetRequiredService<FeedClient>(),
            sp.GetRequiredService<IOptions<FeedOptions>>(), sp.GetRequiredService<IOptions<PipelineOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PipelineMetrics>(), sp.GetRequiredService<FaultInjection>(), sp.GetRequiredService<ILogger<PullJob>>(),
            sp.GetRequiredService<PipelineTriggers>()));
        services.TryAddSingleton<ScoreRefresher>();
        services.TryAddSingleton<RecomputeJob>();
        services.TryAddSingleton<ReplayJob>();
        services.TryAddSingleton<PoisonQueue>();
        services.TryAddSingleton<ApplyQueueWorker>();
        services.TryAddSingleton<ScoresQuery>();
        services.TryAddSingleton<StatusQuery>();
        services.TryAddSingleton<DeadLettersQuery>();
        return services;
    }

    /// <summary>
    /// One table, blob and queue service client each, created once: from the connection string
    /// (Azurite), or from the account name with <see cref="DefaultAzureCredential"/> (managed identity).
    /// Every client counts its transactions; with <c>Storage:Faults:Rate</c> &gt; 0 (campaigns and tests only)
    /// every client also meets injected faults.
    /// </summary>
    private static void AddStorageClients(IServiceCollection services)
    {
        services.AddAzureClients(azure =>
        {
            azure.AddClient<TableServiceClient, TableClientOptions>((options, credential, sp) =>
            {
                var storage = Configure(options, sp, StorageService.Table);
                return storage.ConnectionString is { Length: > 0 } cs
                    ? new TableServiceClient(cs, options)
                    : new TableServiceClient(ServiceUri(storage, "table"), credential, options);
            });
            azure.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, sp) =>
            {
                var storage = Configure(options, sp, StorageService.Blob);
                return storage.ConnectionString is { Length: > 0 } cs
                    ? new BlobServiceClient(cs, options)
                    : new BlobServiceClient(ServiceUri(storage, "blob"), credential, options);
            });
            azure.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, sp) =>
            {
                // Base64, as Azure Functions queue triggers expect by default.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                var storage = Configure(options, sp, StorageService.Queue);
                return storage.ConnectionString is { Length: > 0 } cs
                    ? new QueueServiceClient(cs, options)
                    : new QueueServiceClient(ServiceUri(storage, "queue"), credential, options);
            });
            azure.UseCredential(sp =>
            {
                var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
                return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = storage.ClientId });
            });
        });
    }

    private static StorageOptions Configure(ClientOptions options, IServiceProvider services, StorageService service)
    {
        options.AddPolicy(services.GetRequiredService<StorageTransactionCounter>().PolicyFor(service), HttpPipelinePosition.PerRetry);
        var faults = services.GetRequiredService<StorageFaultInjector>();
        if (faults.Enabled)
        {
            options.AddPolicy(faults.PolicyFor(service), HttpPipelinePosition.PerRetry);
            faults.ConfigureRetries(options);
        }

        return services.GetRequiredService<IOptions<StorageOptions>>().Value;
    }

    private static Uri ServiceUri(StorageOptions storage, string service) => new($"https://{storage.AccountName}.{service}.core.windows.net");

    /// <summary>
    /// The feed's typed client: total timeout, then retries (exponential backoff with jitter; 429, 408,
    /// 5xx, timeouts, broken connections and unreadable bodies; <c>Retry-After</c> honoured), a circuit
    /// breaker, and a timeout per attempt. Innermost, the body check that turns a truncated page into a retry.
    /// </summary>
    private static void AddFeedClient(IServiceCollection services)
    {
        services.TryAddTransient<FeedPageValidationHandler>();
        var client = services.AddHttpClient<FeedClient>((sp, http) =>
        {
            var feed = sp.GetRequiredService<IOptions<FeedOptions>>().Value;
            var baseUrl = feed.BaseUrl!.ToString();
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            http.DefaultRequestHeaders.Add("X-Api-Key", feed.ApiKey);
            http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times requests out
        });
        client.AddResilienceHandler("feed", static (pipeline, context) =>
        {
            var feed = context.ServiceProvider.GetRequiredService<IOptions<FeedOptions>>().Value;
            new HttpResiliencePolicy(feed.TotalTimeout, feed.MaxRetries, feed.RetryBaseDelay, TimeSpan.FromMinutes(1), feed.AttemptTimeout,
                new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = TimeSpan.FromSeconds(15),
                }).Build(pipeline);
        });

        // Added after the resilience handler, so it sits inside it: its failures are retried.
        client.AddHttpMessageHandler<FeedPageValidationHandler>();
    }
}
