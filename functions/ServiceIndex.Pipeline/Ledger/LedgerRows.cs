using Azure;
using Azure.Data.Tables;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>Point reads of ledger rows (never OR-filters: in Azure those scan the partition, in Azurite the table), and the deletion of folded deltas.</summary>
internal static class LedgerRows
{
    private const int ParallelReads = 32;

    public static async Task<TableEntity?> ReadAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Reads the given rows of one partition (absent rows are left out of the result).</summary>
    public static async Task<Dictionary<string, TableEntity>> ReadManyAsync(
        TableClient table, string partitionKey, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, TableEntity>(rowKeys.Count, StringComparer.Ordinal);
        foreach (var slice in rowKeys.Chunk(ParallelReads))
        {
            var reads = slice.Select(rk => ReadAsync(table, partitionKey, rk, cancellationToken)).ToArray();
            var rows = await Task.WhenAll(reads).ConfigureAwait(false);
            foreach (var row in rows)
            {
                if (row is not null)
                {
                    result[row.RowKey] = row;
                }
            }
        }

        return result;
    }

    /// <summary>All rows of a partition whose row key starts with <paramref name="prefix"/> (a range query).</summary>
    public static async Task<List<TableEntity>> RangeAsync(
        TableClient table, string partitionKey, string prefix, CancellationToken cancellationToken, string? from = null)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from ?? prefix} and RowKey lt {LedgerKeys.After(prefix)}");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every row of a partition.</summary>
    public static async Task<List<TableEntity>> PartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Deletes delta rows at or below the compaction marker, 100 to a transaction. They are garbage to every
    /// reader, so a chunk another process deleted first (404) is skipped; returns how many rows those chunks held.
    /// </summary>
    public static async Task<int> DeleteFoldedDeltasAsync(
        TableClient table, string partitionKey, IReadOnlyCollection<long> generations, CancellationToken cancellationToken)
    {
        var gone = 0;
        foreach (var chunk in generations.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(g => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, LedgerKeys.Delta(g)), ETag.All)),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                gone += chunk.Length;
            }
        }

        return gone;
    }
}
