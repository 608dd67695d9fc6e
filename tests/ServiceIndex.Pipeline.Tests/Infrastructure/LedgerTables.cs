using Azure.Data.Tables;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>The ledger's tables (one per bucket) read or dropped as one, for test-sized ledgers.</summary>
internal static class LedgerTables
{
    public static async IAsyncEnumerable<TableEntity> AllRowsAsync(this PipelineStorage storage, IEnumerable<string>? select = null)
    {
        for (var bucket = 0; bucket < storage.BucketCount; bucket++)
        {
            await foreach (var row in storage.Ledger(bucket).QueryAsync<TableEntity>(select: select))
            {
                yield return row;
            }
        }
    }

    public static Task DeleteLedgerAsync(this PipelineStorage storage) =>
        Task.WhenAll(Enumerable.Range(0, storage.BucketCount).Select(b => storage.Ledger(b).DeleteAsync()));
}
