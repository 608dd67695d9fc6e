using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Host.Reliability;

/// <summary>
/// The campaign's own view of one run's storage, without faults: status while the host works, the
/// operator's re-drive of the poison queue, and the end state (scores, records, dead letters).
/// </summary>
internal sealed class RunObserver : IAsyncDisposable
{
    /// <summary>The local host's ledger layout (appsettings.json); the child is started with the same.</summary>
    public const int BucketCount = 8;

    private readonly ServiceProvider _services;

    private RunObserver(ServiceProvider services) => _services = services;

    public StatusQuery Status => _services.GetRequiredService<StatusQuery>();

    public PoisonQueue Poison => _services.GetRequiredService<PoisonQueue>();

    public ScoresQuery Scores => _services.GetRequiredService<ScoresQuery>();

    public DeadLettersQuery DeadLetters => _services.GetRequiredService<DeadLettersQuery>();

    public LedgerRecordCache Records => _services.GetRequiredService<LedgerRecordCache>();

    public PipelineStorage Storage => _services.GetRequiredService<PipelineStorage>();

    public static RunObserver Create(string connectionString, string prefix)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Feed:BaseUrl"] = "http://127.0.0.1:9/",
            ["Feed:ApiKey"] = "unused",
            ["Pipeline:BucketCount"] = BucketCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServiceIndexPipeline(configuration);
        services.AddServiceIndexQueries(configuration);
        return new RunObserver(services.BuildServiceProvider());
    }

    /// <summary>Deletes the run's tables, queues and containers (the campaign's Azurite keeps everything in memory).</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken)
    {
        var storage = Storage;
        var work = new List<Task>();
        work.AddRange(StorageNames.Tables(storage.BucketCount).Select(t => storage.Table(t).DeleteAsync(cancellationToken)));
        work.AddRange(StorageNames.Queues.Select(q => storage.Queue(q).DeleteIfExistsAsync(cancellationToken)));
        work.AddRange(StorageNames.Containers.Select(c => storage.Container(c).DeleteIfExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
