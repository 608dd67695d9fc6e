using System.Text.Json;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>The ledger the refresh holds in memory, as pure state plus delta (no storage).</summary>
public sealed class LedgerMirrorTests
{
    private static readonly DateTimeOffset Received = Pipelines.Vn(2024, 3, 4, 9);

    private static readonly ChangeRecord[] Catalogue =
    [
        Records.Unit("root", 1, null), Records.Unit("x1", 1, "root"), Records.Unit("x2", 1, "root"), Records.Procedure("p1", "x1", "x2"),
    ];

    private static readonly ChangeRecord[] Dossiers =
    [
        Records.Dossier("d1", 1, "x1", Received, Received.AddDays(5), Received.AddDays(2)),
        Records.Dossier("d2", 1, "x1", Received.AddDays(1), Received.AddDays(3)),
        Records.Dossier("d3", 2, "x2", Received.AddDays(2), Received.AddDays(4), Received.AddDays(9)),
    ];

    [Fact]
    public void Scores_from_the_mirrored_deltas_equal_the_offline_book_of_the_same_records()
    {
        var mirror = Mirror(Dossiers);
        var period = Period.MonthOf(new DateOnly(2024, 3, 1));
        var e = Pipelines.Vn(2024, 3, 20);
        var book = new PeriodScoreBook(period, e);
        foreach (var record in Catalogue.Concat(Dossiers))
        {
            book.Apply(record);
        }

        var expected = book.Document().Units;
        var served = mirror.Score(period, e, IndexRules.Default).Select(s => UnitScoreDocument.From(s, IndexRules.Default)).ToList();

        Assert.Equal(expected.Select(Json), served.Select(Json));
    }

    [Fact]
    public void A_delta_and_its_opposite_leave_nothing_held()
    {
        var mirror = Mirror(Dossiers);
        var opposite = new LedgerDelta();
        foreach (var record in Dossiers)
        {
            MonthContribution.Add(record, -1, opposite.Cell);
        }

        mirror.Apply(opposite);

        Assert.Null(mirror.EarliestMonth);
    }

    [Fact]
    public void The_earliest_month_is_the_first_month_any_counter_holds() =>
        Assert.Equal(new DateOnly(2024, 3, 1), Mirror(Dossiers).EarliestMonth);

    [Fact]
    public void A_newer_catalogue_record_replaces_the_older_under_the_same_row_key()
    {
        var mirror = Mirror([]);
        mirror.Remember("u|x2", Records.Unit("x2", 2, "root", deleted: true));
        mirror.RebuildCatalogue();

        Assert.False(mirror.Tree.Contains("x2"));
        Assert.True(mirror.Tree.Contains("x1"));
    }

    private static LedgerMirror Mirror(IEnumerable<ChangeRecord> dossiers)
    {
        var mirror = new LedgerMirror();
        foreach (var unit in Catalogue)
        {
            mirror.Remember(unit.Kind == RecordKind.Unit ? $"u|{unit.Id}" : $"p|{unit.Id}", unit);
        }

        mirror.RebuildCatalogue();
        foreach (var record in dossiers)
        {
            var delta = new LedgerDelta();
            MonthContribution.Add(record, +1, delta.Cell);
            mirror.Apply(delta);
        }

        return mirror;
    }

    private static string Json(UnitScoreDocument unit) => JsonSerializer.Serialize(unit, ScoreJson.Options);
}
