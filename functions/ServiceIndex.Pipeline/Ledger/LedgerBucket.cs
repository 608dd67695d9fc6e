using Azure;
using Azure.Data.Tables;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// What the refresh knows of one ledger bucket: the generation it has read up to, the compaction marker's generation,
/// the deltas read but not yet folded into the month tallies, and (while the marker is unchanged) the tally rows.
/// </summary>
internal sealed class LedgerBucket
{
    public long Gen { get; set; }

    public long CompactedGen { get; set; }

    public List<(long Gen, LedgerDelta Delta)> Pending { get; } = [];

    /// <summary>
    /// Every month-tally row of the bucket with its ETag, or null when not known. Valid while
    /// <see cref="Marker"/> is the stored compaction marker: every fold (here or elsewhere) rewrites
    /// the marker If-Match in the same transaction as the tallies, so a stale copy costs one failed
    /// fold, never a wrong tally. Saves reading up to 98 tally rows before each fold.
    /// </summary>
    public Dictionary<string, TableEntity>? Tallies { get; private set; }

    /// <summary>The compaction marker as last read or written (null: none stored yet).</summary>
    public TableEntity? Marker { get; private set; }

    public void KnowTallies(TableEntity? marker, IEnumerable<TableEntity> tallies)
    {
        Marker = marker;
        Tallies = tallies.ToDictionary(t => t.RowKey, StringComparer.Ordinal);
    }

    public void ForgetTallies()
    {
        Tallies = null;
        Marker = null;
    }

    /// <summary>Keeps the tally rows and marker a committed fold wrote, with the ETags the service returned.</summary>
    public void RememberFold(IReadOnlyList<TableTransactionAction> actions, IReadOnlyList<Response> responses)
    {
        if (Tallies is not { } known)
        {
            return;
        }

        if (responses.Count != actions.Count)
        {
            ForgetTallies();
            return;
        }

        for (var i = 0; i < actions.Count; i++)
        {
            var (action, entity) = (actions[i].ActionType, (TableEntity)actions[i].Entity);
            var isTally = entity.RowKey.StartsWith(LedgerKeys.TallyPrefix, StringComparison.Ordinal);
            if (!isTally && entity.RowKey != LedgerKeys.Compaction)
            {
                continue; // not a row the fold cache keeps
            }

            if (action == TableTransactionActionType.Delete)
            {
                known.Remove(entity.RowKey);
                continue;
            }

            if (responses[i].Headers.ETag is not { } etag)
            {
                ForgetTallies(); // the service did not say: read again next time
                return;
            }

            entity.ETag = etag;
            if (isTally)
            {
                known[entity.RowKey] = entity;
            }
            else
            {
                Marker = entity;
            }
        }
    }
}
