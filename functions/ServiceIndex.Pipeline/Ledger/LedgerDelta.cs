using System.Globalization;
using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// What one ledger transaction changed: per (month, unit), contribution(new) − contribution(old) of
/// the records it stored, and which unit or procedure records changed (the hierarchy and catalogue).
/// Written as one delta row in the same transaction as the records, read by the score refresh,
/// and later folded into the bucket's month tallies.
/// </summary>
internal sealed class LedgerDelta
{
    public const string DeltaProperty = "Delta";

    public Dictionary<(DateOnly Month, string Unit), MonthTally> Cells { get; } = [];

    /// <summary>Row keys of unit and procedure records this transaction stored.</summary>
    public List<string> CatalogueRecords { get; } = [];

    /// <summary>A correction written by the recompute: readers holding totals in memory reload.</summary>
    public bool Repair { get; set; }

    public bool IsEmpty => Cells.Count == 0 && CatalogueRecords.Count == 0;

    /// <summary>The cell of a unit's month, created on first use (a <see cref="MonthContribution.MonthCell"/>).</summary>
    public MonthTally Cell(string unitId, DateOnly month)
    {
        if (!Cells.TryGetValue((month, unitId), out var tally))
        {
            Cells[(month, unitId)] = tally = new MonthTally();
        }

        return tally;
    }

    public void Add(LedgerDelta other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var ((month, unit), tally) in other.Cells)
        {
            Cell(unit, month).Add(tally);
        }

        CatalogueRecords.AddRange(other.CatalogueRecords);
        Repair |= other.Repair;
    }

    /// <summary>
    /// The cells of this delta (of <paramref name="generation"/>) that the bucket's month-tally rows do not include
    /// yet: the counting rule of <see cref="TallyCodec.Counts"/>, cell by cell.
    /// </summary>
    public IEnumerable<KeyValuePair<(DateOnly Month, string Unit), MonthTally>> CellsNotFolded(
        long generation, long compactedGen, IReadOnlyDictionary<(DateOnly Month, string Unit), TableEntity> tallyRows) =>
        Cells.Where(cell => TallyCodec.Counts(generation, compactedGen, tallyRows.GetValueOrDefault(cell.Key)));

    public void RemoveZeroCells()
    {
        foreach (var key in Cells.Where(kv => kv.Value.IsZero).Select(kv => kv.Key).ToList())
        {
            Cells.Remove(key);
        }
    }

    public TableEntity ToEntity(string partitionKey, long generation, DateTimeOffset at)
    {
        var w = new ByteWriter();
        w.WriteByte(Repair ? (byte)1 : (byte)0);
        w.WriteUInt((ulong)CatalogueRecords.Count);
        foreach (var rowKey in CatalogueRecords)
        {
            w.WriteString(rowKey);
        }

        w.WriteUInt((ulong)Cells.Count);
        foreach (var ((month, unit), tally) in Cells.OrderBy(c => c.Key.Month).ThenBy(c => c.Key.Unit, StringComparer.Ordinal))
        {
            w.WriteInt(MonthNumber(month));
            w.WriteString(unit);
            TallyCodec.Write(w, tally);
        }

        var entity = new TableEntity(partitionKey, LedgerKeys.Delta(generation))
        {
            ["Cells"] = Cells.Count,
            ["Repair"] = Repair,
            ["At"] = at,
        };
        ChunkedProperty.SetBinary(entity, DeltaProperty, w.ToArray());
        return entity;
    }

    public static LedgerDelta FromEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var bytes = ChunkedProperty.GetBinary(entity, DeltaProperty) ?? [];
        var delta = new LedgerDelta();
        var r = new ByteReader(bytes);
        if (r.End)
        {
            return delta;
        }

        delta.Repair = r.ReadByte() != 0;
        var catalogue = r.ReadCount();
        for (var i = 0; i < catalogue; i++)
        {
            delta.CatalogueRecords.Add(r.ReadString());
        }

        var cells = r.ReadCount();
        for (var i = 0; i < cells; i++)
        {
            var month = FromMonthNumber(r.ReadInt());
            var unit = r.ReadString();
            delta.Cells[(month, unit)] = TallyCodec.Read(ref r);
        }

        return delta;
    }

    /// <summary>The months the delta touches, as <c>yyyy-MM</c>.</summary>
    public override string ToString() =>
        string.Join(',', Cells.Keys.Select(k => k.Month).Distinct().Order().Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)));

    private static long MonthNumber(DateOnly month) => (month.Year * 12L) + month.Month - 1;

    private static DateOnly FromMonthNumber(long n) => new((int)(n / 12), (int)(n % 12) + 1, 1);
}
