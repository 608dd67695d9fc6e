using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Diagnostics;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>
/// One "process" of the pipeline: the real composition root (<c>AddServiceIndexPipeline</c>) over
/// Azurite, with a test's storage prefix, the test feed server and a fake clock. Several harnesses
/// with the same prefix behave like several function instances sharing one storage account.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private PipelineHarness(ServiceProvider provider, FakeTimeProvider time)
    {
        _provider = provider;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public PullJob Pull => _provider.GetRequiredService<PullJob>();
    public ApplyJob Apply => _provider.GetRequiredService<ApplyJob>();
    public ApplyQueueWorker Worker => _provider.GetRequiredService<ApplyQueueWorker>();
    public ScoreRefresher Refresher => _provider.GetRequiredService<ScoreRefresher>();
    public RecomputeJob Recompute => _provider.GetRequiredService<RecomputeJob>();
    public ReplayJob Replay => _provider.GetRequiredService<ReplayJob>();
    public PoisonQueue Poison => _provider.GetRequiredService<PoisonQueue>();
    public ScoresQuery Scores => _provider.GetRequiredService<ScoresQuery>();
    public StatusQuery Status => _provider.GetRequiredService<StatusQuery>();
    public DeadLettersQuery DeadLetters => _provider.GetRequiredService<DeadLettersQuery>();
    public PipelineStorage Storage => _provider.GetRequiredService<PipelineStorage>();
    public StorageTransactionCounter Transactions => _provider.GetRequiredService<StorageTransactionCounter>();
    public StorageFaultInjector StorageFaults => _provider.GetRequiredService<StorageFaultInjector>();
    internal FaultInjection Faults => _provider.GetRequiredService<FaultInjection>();
    public PipelineOptions Options => _provider.GetRequiredService<IOptions<PipelineOptions>>().Value;

    public static PipelineHarness Create(AzuriteFixture azurite, string prefix, Uri? feed = null, FakeTimeProvider? time = null,
        IDictionary<string, string?>? settings = null, Microsoft.Extensions.Logging.ILoggerProvider? log = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var config = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Feed:BaseUrl"] = (feed ?? new Uri("http://127.0.0.1:9/")).ToString(),
            ["Feed:ApiKey"] = TestFeedServer.ApiKey,
            ["Feed:PageSize"] = "200",
            ["Feed:RetryBaseDelay"] = "00:00:00.020",
            ["Feed:AttemptTimeout"] = "00:00:10",
            ["Feed:TotalTimeout"] = "00:00:30",
            ["Pipeline:QueueVisibilityTimeout"] = "00:00:02",
            ["Pipeline:CompactAfter"] = "8",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var clock = time ?? new FakeTimeProvider(RecordGenerator.DefaultNow);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        if (log is not null)
        {
            services.AddLogging(b => b.AddProvider(log).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug));
        }
        services.AddServiceIndexPipeline(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // What ValidateOnStart does when a host starts.
        _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<FeedOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<PipelineOptions>>().Value;
        return new PipelineHarness(provider, clock);
    }

    /// <summary>Runs the queue workers of <paramref name="workers"/> concurrently until the changes queue is empty.</summary>
    public static async Task DrainAsync(IReadOnlyList<PipelineHarness> workers, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(workers);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var received = await w.Worker.ProcessBatchAsync(8, cts.Token);
                if (received > 0)
                {
                    continue;
                }

                var queued = (await w.Storage.Changes.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount;
                if (queued == 0)
                {
                    return;
                }

                await Task.Delay(100, cts.Token); // messages in flight elsewhere, or waiting out a visibility timeout
            }
        }, cts.Token)));
    }

    public Task DrainAsync() => DrainAsync([this]);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
