using Azure;
using Azure.Data.Tables;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// The head row of a ledger bucket (row key <see cref="LedgerKeys.Head"/>): the generation every transaction of the
/// bucket advances by one — with the head's ETag as its If-Match, so two writers never both commit on one state —
/// the changes applied and the records held. The one type of every writer (apply, the recompute's repair) and
/// reader (refresh, status, the record view) of the row.
/// </summary>
internal sealed record LedgerHead(long Generation, long Applied, long Records, ETag ETag)
{
    private const string GenerationColumn = "Gen";
    private const string AppliedColumn = "Applied";
    private const string RecordsColumn = "Records";
    private const string UpdatedAtColumn = "UpdatedAt";

    /// <summary>The head a stored row holds; null for no row (a bucket nothing was written to).</summary>
    public static LedgerHead? From(TableEntity? row) => row is null
        ? null
        : new LedgerHead(row.GetInt64(GenerationColumn) ?? 0, row.GetInt64(AppliedColumn) ?? 0, row.GetInt64(RecordsColumn) ?? 0, row.ETag);

    public static async Task<LedgerHead?> ReadAsync(TableClient ledger, string partition, CancellationToken cancellationToken) =>
        From(await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Head, cancellationToken).ConfigureAwait(false));

    /// <summary>The generation of a head, 0 for none.</summary>
    public static long GenerationOf(LedgerHead? head) => head?.Generation ?? 0;

    /// <summary>
    /// The action that moves <paramref name="head"/> (null: none yet) one generation on, in the transaction whose
    /// other rows it guards: an Add for a bucket's first head (fails if another writer added one), else a replace
    /// on the head's ETag (fails if another writer moved it).
    /// </summary>
    public static TableTransactionAction Advance(LedgerHead? head, string partition, long appliedAdded, long recordsAdded, DateTimeOffset now)
    {
        var next = new TableEntity(partition, LedgerKeys.Head)
        {
            [GenerationColumn] = GenerationOf(head) + 1,
            [AppliedColumn] = (head?.Applied ?? 0) + appliedAdded,
            [RecordsColumn] = (head?.Records ?? 0) + recordsAdded,
            [UpdatedAtColumn] = now,
        };
        return head is null
            ? new TableTransactionAction(TableTransactionActionType.Add, next)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, head.ETag);
    }

    /// <summary>A head row as a benchmark or a test seeds it: <paramref name="records"/> records applied once each.</summary>
    public static TableEntity Seed(string partition, long records, DateTimeOffset now) => new(partition, LedgerKeys.Head)
    {
        [GenerationColumn] = 0L, [AppliedColumn] = records, [RecordsColumn] = records, [UpdatedAtColumn] = now,
    };
}
