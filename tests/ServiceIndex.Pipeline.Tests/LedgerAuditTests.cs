using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>The recompute's audit of a ledger partition, as a pure function of its rows (no storage).</summary>
public sealed class LedgerAuditTests
{
    private const string Partition = "b00";
    private static readonly DateTimeOffset Received = Pipelines.Vn(2024, 3, 4, 9);

    private static readonly ChangeRecord[] Dossiers =
    [
        Records.Dossier("d1", 1, "x1", Received, Received.AddDays(5), Received.AddDays(2)),
        Records.Dossier("d2", 1, "x1", Received.AddDays(1), Received.AddDays(3)),
        Records.Dossier("d3", 2, "x2", Received.AddDays(20), Received.AddDays(40), Received.AddDays(45)),
    ];

    [Fact]
    public void Tallies_built_from_the_records_themselves_audit_clean()
    {
        var rows = RecordRowsOf(Dossiers).Concat(TallyRowsOf(Rebuild(Dossiers)));

        var audit = LedgerAudit.Audit(rows, compacted: 0, closePeriod: null, closeE: default);

        Assert.Empty(audit.Correction.Cells);
        Assert.Equal(3, audit.Records);
    }

    [Fact]
    public void A_tampered_tally_is_corrected_by_exactly_its_difference()
    {
        var tallies = Rebuild(Dossiers);
        var key = tallies.Cells.Keys.First();
        var tampered = tallies.Cells[key].Clone();
        tampered.Add(tallies.Cells[key]); // doubled

        var rows = RecordRowsOf(Dossiers).Concat(TallyRowsOf(tallies).Select(r => r.RowKey == LedgerKeys.Tally(key.Month, key.Unit)
            ? TallyCodec.ToEntity(Partition, r.RowKey, tampered) : r));
        var audit = LedgerAudit.Audit(rows, compacted: 0, closePeriod: null, closeE: default);

        var expected = new MonthTally();
        expected.Add(tallies.Cells[key], -1); // the stored extra, taken back
        Assert.Equal([key], audit.Correction.Cells.Keys);
        Assert.True(expected.ContentEquals(audit.Correction.Cells[key]));
    }

    [Fact]
    public void Deltas_not_yet_folded_count_as_stored_state()
    {
        var delta = Rebuild(Dossiers);
        var rows = RecordRowsOf(Dossiers).Append(delta.ToEntity(Partition, generation: 1, Received));

        var audit = LedgerAudit.Audit(rows, compacted: 0, closePeriod: null, closeE: default);

        Assert.Empty(audit.Correction.Cells);
        Assert.Empty(audit.FoldedLeftovers);
    }

    [Fact]
    public void Delta_rows_at_or_below_the_compaction_marker_are_reported_as_leftovers_not_counted_twice()
    {
        var tallies = Rebuild(Dossiers);
        var rows = RecordRowsOf(Dossiers).Concat(TallyRowsOf(tallies)).Append(tallies.ToEntity(Partition, generation: 3, Received));

        var audit = LedgerAudit.Audit(rows, compacted: 3, closePeriod: null, closeE: default);

        Assert.Empty(audit.Correction.Cells);
        Assert.Equal([3L], audit.FoldedLeftovers);
    }

    [Fact]
    public void A_record_missing_from_the_tallies_is_added_back_by_the_correction()
    {
        var rows = RecordRowsOf(Dossiers).Concat(TallyRowsOf(Rebuild(Dossiers[..2])));

        var audit = LedgerAudit.Audit(rows, compacted: 0, closePeriod: null, closeE: default);

        Assert.Equal(Rebuild(Dossiers[2..]).Cells.Keys.Order(), audit.Correction.Cells.Keys.Order());
    }

    [Fact]
    public void Deleted_records_contribute_nothing_and_catalogue_records_are_returned()
    {
        ChangeRecord[] records = [Records.Dossier("d9", 2, "x1", Received, Received.AddDays(5), deleted: true), Records.Unit("x1", 1, "root")];

        var audit = LedgerAudit.Audit(RecordRowsOf(records), compacted: 0, closePeriod: null, closeE: default);

        Assert.Empty(audit.Correction.Cells);
        Assert.Equal(["x1"], audit.Catalogue.Select(r => r.Id));
    }

    [Fact]
    public void Closing_a_year_gathers_each_units_own_contribution_at_the_closing_moment()
    {
        var audit = LedgerAudit.Audit(RecordRowsOf(Dossiers), compacted: 0, Period.Year(2024), Pipelines.Vn(2024, 3, 10));

        Assert.False(audit.CloseOwn["x1"].Tally.IsZero);
        Assert.True(!audit.CloseOwn.TryGetValue("x2", out var x2) || x2.Tally.IsZero); // d3 of x2 was received after the closing moment
    }

    private static IEnumerable<TableEntity> RecordRowsOf(IEnumerable<ChangeRecord> records) =>
        records.Select(r => RecordRows.ToEntity(Partition, r, RecordJson.Serialize(r)));

    private static LedgerDelta Rebuild(IEnumerable<ChangeRecord> records)
    {
        var delta = new LedgerDelta();
        foreach (var record in records)
        {
            MonthContribution.Add(record, +1, delta.Cell);
        }

        delta.RemoveZeroCells();
        return delta;
    }

    private static IEnumerable<TableEntity> TallyRowsOf(LedgerDelta tallies) =>
        tallies.Cells.Select(c => TallyCodec.ToEntity(Partition, LedgerKeys.Tally(c.Key.Month, c.Key.Unit), c.Value));
}
