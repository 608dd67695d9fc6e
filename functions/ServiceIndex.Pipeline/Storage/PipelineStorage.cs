using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Options;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>
/// The pipeline's tables, queues and containers on the shared service clients, with the configured
/// name prefix applied. Creates what is missing once per process when <see cref="StorageOptions.CreateIfMissing"/>.
/// </summary>
public sealed class PipelineStorage
{
    private readonly TableServiceClient _tables;
    private readonly BlobServiceClient _blobs;
    private readonly QueueServiceClient _queues;
    private readonly StorageOptions _options;
    private readonly int _bucketCount;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _created;

    public PipelineStorage(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, IOptions<StorageOptions> options,
        IOptions<PipelineOptions> pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        _tables = tables;
        _blobs = blobs;
        _queues = queues;
        _options = options.Value;
        _bucketCount = pipeline.Value.BucketCount;
    }

    /// <summary>Where the ledger records the bucket count it was created with: <c>pipelinestate</c>, <c>ledger</c>/<c>layout</c>.</summary>
    public const string LayoutPartition = "ledger";

    public const string LayoutRow = "layout";

    /// <summary>The layout's <c>Tables</c> value: one ledger table per bucket (<see cref="StorageNames.LedgerTable"/>).</summary>
    public const string TablePerBucket = "per-bucket";

    /// <summary>
    /// The layout's <c>Counters</c> value: the month counters of the portal's formula document (supplement requests,
    /// paper results, waived fees; 2026-12). Tallies written under earlier rules count other things under other names.
    /// </summary>
    public const int CountersVersion = 2;

    public string Prefix => _options.NamePrefix;

    /// <summary>The ledger table of <paramref name="bucket"/> (records, month tallies, deltas, head; one partition).</summary>
    public TableClient Ledger(int bucket) => Table(StorageNames.LedgerTable(bucket));

    public int BucketCount => _bucketCount;

    public TableClient Scores => Table(StorageNames.Scores);
    public TableClient Checkpoints => Table(StorageNames.Checkpoints);
    public TableClient DeadLetters => Table(StorageNames.DeadLetters);
    public TableClient Snapshots => Table(StorageNames.Snapshots);
    public TableClient PipelineState => Table(StorageNames.PipelineState);
    public TableClient NationalRanking => Table(StorageNames.NationalRanking);

    public QueueClient Changes => Queue(StorageNames.ChangesQueue);
    public QueueClient Poison => Queue(StorageNames.PoisonQueue);

    public BlobContainerClient Archive => Container(StorageNames.ArchiveContainer);
    public BlobContainerClient Leases => Container(StorageNames.LeasesContainer);

    public TableClient Table(string name) => _tables.GetTableClient(_options.NamePrefix + name);

    public QueueClient Queue(string name) => _queues.GetQueueClient(_options.NamePrefix + name);

    public BlobContainerClient Container(string name) => _blobs.GetBlobContainerClient(_options.NamePrefix + name);

    /// <summary>
    /// Creates every table, queue and container that does not exist yet, and checks that the ledger
    /// was created with the configured bucket count (once per process).
    /// </summary>
    /// <exception cref="InvalidOperationException">The ledger uses another bucket count.</exception>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            if (_options.CreateIfMissing)
            {
                var work = new List<Task>();
                work.AddRange(StorageNames.Tables(_bucketCount).Select(t => CreateTableAsync(t, cancellationToken)));
                work.AddRange(StorageNames.Queues.Select(q => Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
                work.AddRange(StorageNames.Containers.Select(c => Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
                await Task.WhenAll(work).ConfigureAwait(false);
            }

            await CheckLayoutAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <summary>
    /// A record's bucket depends on the bucket count: with another count, new versions would land
    /// beside old ones in other partitions and count twice. The first process records the count;
    /// every other one must agree.
    /// </summary>
    private async Task CheckLayoutAsync(CancellationToken cancellationToken)
    {
        var state = PipelineState;
        var layout = await state.GetEntityIfExistsAsync<TableEntity>(LayoutPartition, LayoutRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!layout.HasValue)
        {
            try
            {
                await state.AddEntityAsync(
                        new TableEntity(LayoutPartition, LayoutRow)
                        {
                            ["BucketCount"] = _bucketCount, ["Tables"] = TablePerBucket, ["Counters"] = CountersVersion,
                        },
                        cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                layout = await state.GetEntityIfExistsAsync<TableEntity>(LayoutPartition, LayoutRow, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        if (layout.Value!.GetString("Tables") != TablePerBucket)
        {
            throw new InvalidOperationException(
                $"The ledger in this account was written by an earlier version that kept every bucket in one '{StorageNames.LedgerPrefix}' table; " +
                "this version keeps one table per bucket. Replay the archive into an empty ledger (a new Storage:NamePrefix or account); " +
                "for the local host's demo data, delete its Azurite data folder (LocalHost:AzuriteDataFolder, .local/azurite) and start again.");
        }

        if (layout.Value.GetInt32("Counters") != CountersVersion)
        {
            throw new InvalidOperationException(
                "The ledger in this account was written by an earlier version whose month counters predate the portal's formula " +
                "document (supplement requests, paper results, waived fees); its tallies cannot be read as this version's. " +
                "Replay the archive into an empty ledger (a new Storage:NamePrefix or account); " +
                "for the local host's demo data, delete its Azurite data folder (LocalHost:AzuriteDataFolder, .local/azurite) and start again.");
        }

        var recorded = layout.Value.GetInt32("BucketCount");
        if (recorded != _bucketCount)
        {
            throw new InvalidOperationException(
                $"The ledger was created with {recorded} buckets but Pipeline:BucketCount is {_bucketCount}. " +
                "Keep the count, or replay the archive into an empty ledger (new NamePrefix or account) to change it.");
        }
    }

    private async Task CreateTableAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Table(name).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created concurrently by another process: fine.
        }
    }
}
