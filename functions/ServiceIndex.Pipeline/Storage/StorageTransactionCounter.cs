using Azure.Core;
using Azure.Core.Pipeline;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>The three storage services, as the transaction counter tells them apart.</summary>
public enum StorageService
{
    Table,
    Blob,
    Queue,
}

/// <summary>Storage transactions counted so far, per service.</summary>
public readonly record struct StorageTransactions(long Table, long Blob, long Queue)
{
    public long Total => Table + Blob + Queue;

    public static StorageTransactions operator -(StorageTransactions a, StorageTransactions b) =>
        new(a.Table - b.Table, a.Blob - b.Blob, a.Queue - b.Queue);

    public static StorageTransactions operator +(StorageTransactions a, StorageTransactions b) =>
        new(a.Table + b.Table, a.Blob + b.Blob, a.Queue + b.Queue);

    public static StorageTransactions Subtract(StorageTransactions left, StorageTransactions right) => left - right;

    public static StorageTransactions Add(StorageTransactions left, StorageTransactions right) => left + right;
}

/// <summary>
/// Counts storage transactions (billable requests: every HTTP attempt, retries included) by means
/// of an Azure SDK pipeline policy registered on the table, blob and queue clients.
/// </summary>
public sealed class StorageTransactionCounter
{
    private long _table;
    private long _blob;
    private long _queue;

    public StorageTransactions Current => new(Interlocked.Read(ref _table), Interlocked.Read(ref _blob), Interlocked.Read(ref _queue));

    /// <summary>A policy to add to a client's options at <see cref="HttpPipelinePosition.PerRetry"/>.</summary>
    public HttpPipelinePolicy PolicyFor(StorageService service) => new CountingPolicy(this, service);

    private void Count(StorageService service)
    {
        switch (service)
        {
            case StorageService.Table:
                Interlocked.Increment(ref _table);
                break;
            case StorageService.Blob:
                Interlocked.Increment(ref _blob);
                break;
            default:
                Interlocked.Increment(ref _queue);
                break;
        }
    }

    private sealed class CountingPolicy(StorageTransactionCounter counter, StorageService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => counter.Count(service);
    }
}
