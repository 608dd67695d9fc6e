using Azure.Data.Tables;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>
/// Azure Table Storage's limits on entity-group transactions and the margin ServiceIndex keeps under them, in one
/// place, and the one way a list of actions of one partition is cut into transactions.
/// </summary>
public static class TableLimits
{
    /// <summary>Entities of one transaction (the service refuses more).</summary>
    public const int EntitiesPerTransaction = 100;

    /// <summary>
    /// Bytes a transaction is filled to, by <see cref="ChunkedProperty.EstimateSize"/>: the service allows a 4 MiB
    /// payload; the rest is room for the multipart envelope and the estimate's error.
    /// </summary>
    public const int TransactionBytes = 3_500_000;

    /// <summary>Submits actions of one partition in transactions of at most <see cref="EntitiesPerTransaction"/> rows and <see cref="TransactionBytes"/>; returns how many were sent.</summary>
    public static async Task<int> SubmitInTransactionsAsync(this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        var transactions = 0;
        var batch = new List<TableTransactionAction>(EntitiesPerTransaction);
        var bytes = 0;
        foreach (var action in actions)
        {
            var size = action.Entity is TableEntity e ? ChunkedProperty.EstimateSize(e) : 256;
            if (batch.Count == EntitiesPerTransaction || (batch.Count > 0 && bytes + size > TransactionBytes))
            {
                await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                transactions++;
                batch = new List<TableTransactionAction>(EntitiesPerTransaction);
                bytes = 0;
            }

            batch.Add(action);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            transactions++;
        }

        return transactions;
    }
}
