using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>What auditing one ledger partition found.</summary>
/// <param name="Records">Record rows held (deleted and unreadable ones included).</param>
/// <param name="Unreadable">Record rows whose stored record cannot be read back.</param>
/// <param name="Correction">Month tallies rebuilt from the records minus those stored (tallies plus unfolded deltas): empty when the incremental state is right.</param>
/// <param name="CloseOwn">Each unit's own contribution to the year being closed, at the closing moment (empty when no year is closed).</param>
/// <param name="Catalogue">The live unit and procedure records.</param>
/// <param name="FoldedLeftovers">Generations of delta rows already folded into the tallies (left behind by a process that stopped between a fold and its deletion).</param>
internal sealed record LedgerAuditResult(
    long Records, int Unreadable, LedgerDelta Correction, Dictionary<string, OwnTally> CloseOwn, List<ChangeRecord> Catalogue, List<long> FoldedLeftovers);

/// <summary>
/// The recompute's audit of one ledger partition, without storage: from the rows of a partition read as one
/// consistent state, it rebuilds every month tally from the stored records (the full recompute), adds up what the
/// incremental path stored (tallies plus deltas not yet folded into them), and returns their difference as a
/// correcting delta — which must be empty. The year close's own contributions are gathered in the same pass.
/// </summary>
internal static class LedgerAudit
{
    /// <param name="rows">Every row of the partition.</param>
    /// <param name="compacted">The compaction marker's generation: deltas up to it are folded into the tallies.</param>
    /// <param name="closePeriod">The year being closed, or null.</param>
    /// <param name="closeE">The closing moment.</param>
    public static LedgerAuditResult Audit(IEnumerable<TableEntity> rows, long compacted, Period? closePeriod, DateTimeOffset closeE)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var rebuilt = new LedgerDelta();
        var stored = new LedgerDelta();
        var closeOwn = new Dictionary<string, OwnTally>(StringComparer.Ordinal);
        var catalogue = new List<ChangeRecord>();
        var leftovers = new List<long>();
        var tallyRows = new Dictionary<(DateOnly Month, string Unit), TableEntity>();
        var deltaRows = new List<TableEntity>();
        long records = 0;
        var unreadable = 0;
        foreach (var row in rows)
        {
            if (row.RowKey.StartsWith(LedgerKeys.RecordPrefix, StringComparison.Ordinal))
            {
                records++;
                if (RecordRows.FromEntity(row).Record is not { } record)
                {
                    unreadable++;
                }
                else if (!record.Deleted)
                {
                    Rebuild(record, rebuilt, catalogue, closeOwn, closePeriod, closeE);
                }
            }
            else if (LedgerKeys.TryParseTally(row.RowKey, out var month, out var unit))
            {
                stored.Cell(unit, month).Add(TallyCodec.FromEntity(row));
                tallyRows[(month, unit)] = row;
            }
            else if (row.RowKey.StartsWith(LedgerKeys.DeltaPrefix, StringComparison.Ordinal))
            {
                var generation = LedgerKeys.GenerationOfDelta(row.RowKey);
                if (generation > compacted)
                {
                    deltaRows.Add(row);
                }
                else
                {
                    leftovers.Add(generation);
                }
            }
        }

        foreach (var row in deltaRows)
        {
            foreach (var ((month, unit), tally) in LedgerDelta.FromEntity(row).CellsNotFolded(LedgerKeys.GenerationOfDelta(row.RowKey), compacted, tallyRows))
            {
                stored.Cell(unit, month).Add(tally);
            }
        }

        return new LedgerAuditResult(records, unreadable, Difference(rebuilt, stored), closeOwn, catalogue, leftovers);
    }

    /// <summary>Adds one unit's own contribution to a period at e (the year close: exact at any moment, unlike month tallies).</summary>
    public static void AddContribution(Dictionary<string, OwnTally> own, ChangeRecord record, Period period, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(record);
        switch (record.Data)
        {
            case DossierData d:
                var dossierUnit = Own(own, d.UnitId);
                Contribution.Add(d, period, e, dossierUnit.Tally, dossierUnit.Activity, +1);
                break;
            case FeedbackData f:
                Contribution.Add(f, period, e, Own(own, f.UnitId).Tally, +1);
                break;
        }
    }

    /// <summary>The unit's entry of <paramref name="own"/>, created empty when missing.</summary>
    public static OwnTally Own(Dictionary<string, OwnTally> own, string unitId)
    {
        ArgumentNullException.ThrowIfNull(own);
        if (!own.TryGetValue(unitId, out var tally))
        {
            own[unitId] = tally = new OwnTally();
        }

        return tally;
    }

    private static void Rebuild(ChangeRecord record, LedgerDelta rebuilt, List<ChangeRecord> catalogue, Dictionary<string, OwnTally> closeOwn,
        Period? closePeriod, DateTimeOffset closeE)
    {
        MonthContribution.Add(record, +1, rebuilt.Cell);
        if (record.Kind is RecordKind.Unit or RecordKind.Procedure)
        {
            catalogue.Add(record);
        }
        else if (closePeriod is not null)
        {
            AddContribution(closeOwn, record, closePeriod, closeE);
        }
    }

    private static LedgerDelta Difference(LedgerDelta rebuilt, LedgerDelta stored)
    {
        var correction = new LedgerDelta { Repair = true };
        foreach (var key in rebuilt.Cells.Keys.Union(stored.Cells.Keys))
        {
            var difference = rebuilt.Cells.TryGetValue(key, out var want) ? want.Clone() : new MonthTally();
            if (stored.Cells.TryGetValue(key, out var have))
            {
                difference.Add(have, -1);
            }

            if (!difference.IsZero)
            {
                correction.Cells[key] = difference;
            }
        }

        return correction;
    }
}
