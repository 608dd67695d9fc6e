using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>The day ledger against the offline book at the end of each day (the trajectory's definition).</summary>
public sealed class DayLedgerTests
{
    private static Arbitrary<(int Seed, int PeriodIndex, int Skip)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue - 1)
         from period in Gen.Choose(0, RandomProvince.Periods.Length - 1)
         from skip in Gen.Choose(0, 60)
         select (seed, period, skip)).ToArbitrary();

    private static PeriodScoreBook Book(IEnumerable<ChangeRecord> feed, Period period, DateTimeOffset asOf)
    {
        var book = new PeriodScoreBook(period, asOf);
        foreach (var r in feed)
        {
            book.Apply(r);
        }

        return book;
    }

    private static List<(string Unit, string Code, decimal Points, long Num, long Den)> Flatten(IEnumerable<UnitScore> scores) =>
        [.. scores.SelectMany(s => s.Indicators.Select(i => (s.Unit.Id, i.Code, i.Points, i.Numerator, i.Denominator)))
            .OrderBy(x => x.Id, StringComparer.Ordinal).ThenBy(x => x.Code, StringComparer.Ordinal)];

    [Property(MaxTest = 60)]
    public Property Every_days_point_equals_the_offline_book_as_of_that_days_last_second() =>
        Prop.ForAll(Cases(), c =>
        {
            var feed = RandomProvince.Generate(c.Seed);
            var period = Period.Parse(RandomProvince.Periods[c.PeriodIndex]);
            var live = Book(feed, period, period.LastSecond).State.Live;
            var ledger = DayLedger.Of(live);
            var tree = PeriodScoreBook.TreeOf(live);
            var catalogue = PeriodScoreBook.CatalogueOf(live);
            var from = period.From.AddDays(Math.Min(c.Skip, period.To.DayNumber - period.From.DayNumber));
            var to = from.AddDays(6);
            return ledger.Walk(period, from, to, tree, catalogue, IndexRules.Default).All(point =>
                Flatten(point.Scores).SequenceEqual(Flatten(Book(feed, period, VietnamTime.LastSecondOf(point.Day)).Score())));
        });

    [Fact]
    public void A_deadline_passing_with_no_event_lowers_the_next_days_point()
    {
        var feed = new List<ChangeRecord>
        {
            Build.Unit("qna", UnitLevel.Province, null),
            Build.Unit("c1", UnitLevel.Commune, "qna"),
            Build.Procedure("p0", ["c1"]),
            Build.Record("a", Build.Dossier("c1", "p0", "2024-03-04T09:00:00", "2024-03-06T09:00:00")), // never handled
            Build.Record("b", Build.Dossier("c1", "p0", "2024-03-04T09:00:00", "2024-03-24T09:00:00")),
        };
        var period = Period.Parse("2024-03");
        var ledger = DayLedger.Of(feed);

        var points = ledger.Walk(period, new DateOnly(2024, 3, 5), new DateOnly(2024, 3, 6), PeriodScoreBook.TreeOf(feed), PeriodScoreBook.CatalogueOf(feed),
            IndexRules.Default).ToList();

        var p1 = points.Select(p => p.Scores.Single(s => s.Unit.Id == "c1").Indicators.Single(i => i.Code == "P1")).ToList();
        Assert.Equal((2L, 2L), (p1[0].Numerator, p1[0].Denominator));
        Assert.Equal((1L, 2L), (p1[1].Numerator, p1[1].Denominator));
        Assert.Equal(Flatten(Book(feed, period, VietnamTime.LastSecondOf(new DateOnly(2024, 3, 6))).Score()), Flatten(points[1].Scores));
    }

    [Fact]
    public void Applying_a_change_says_the_first_day_it_moved_and_gives_the_ledger_of_the_new_records()
    {
        var open = Build.Record("a", Build.Dossier("c1", "p0", "2024-03-04T09:00:00", "2024-03-14T09:00:00"));
        var handled = Build.Record("a", Build.Dossier("c1", "p0", "2024-03-04T09:00:00", "2024-03-14T09:00:00", "2024-03-07T09:00:00", DossierStatus.Completed), 2);
        var moved = Build.Record("a", Build.Dossier("c2", "p0", "2024-03-04T09:00:00", "2024-03-14T09:00:00", "2024-03-07T09:00:00", DossierStatus.Completed), 3);
        var units = new List<ChangeRecord>
        {
            Build.Unit("qna", UnitLevel.Province, null), Build.Unit("c1", UnitLevel.Commune, "qna"), Build.Unit("c2", UnitLevel.Commune, "qna"),
            Build.Procedure("p0", ["c1", "c2"]),
        };
        var ledger = DayLedger.Of([.. units, open]);

        Assert.Equal(new DateOnly(2024, 3, 7), ledger.Apply(open, handled)); // only the day it was handled moved
        Assert.Equal(new DateOnly(2024, 3, 4), ledger.Apply(handled, moved)); // another unit: from the day it was received
        Assert.Null(ledger.Apply(moved, moved));

        var period = Period.Parse("2024-03");
        var expected = DayLedger.Of([.. units, moved]);
        var tree = PeriodScoreBook.TreeOf(units);
        var catalogue = PeriodScoreBook.CatalogueOf(units);
        Assert.Equal(
            expected.Walk(period, period.From, period.To, tree, catalogue, IndexRules.Default).Select(p => Flatten(p.Scores)),
            ledger.Walk(period, period.From, period.To, tree, catalogue, IndexRules.Default).Select(p => Flatten(p.Scores)),
            new SequenceComparer());
    }

    [Fact]
    public void A_walk_kept_at_a_day_goes_on_exactly_after_changes_from_that_day_on_even_for_a_unit_new_to_the_ledger()
    {
        var units = new List<ChangeRecord>
        {
            Build.Unit("qna", UnitLevel.Province, null), Build.Unit("c1", UnitLevel.Commune, "qna"), Build.Unit("c2", UnitLevel.Commune, "qna"),
            Build.Procedure("p0", ["c1", "c2"]),
        };
        var early = Build.Record("a", Build.Dossier("c1", "p0", "2024-03-02T09:00:00", "2024-03-12T09:00:00"));
        var handled = Build.Record("a", Build.Dossier("c1", "p0", "2024-03-02T09:00:00", "2024-03-12T09:00:00", "2024-03-14T09:00:00", DossierStatus.Completed), 2);
        var newcomer = Build.Record("b", Build.Dossier("c2", "p0", "2024-03-11T09:00:00", "2024-03-13T09:00:00"));
        var period = Period.Parse("2024-03");
        var tree = PeriodScoreBook.TreeOf(units);
        var catalogue = PeriodScoreBook.CatalogueOf(units);
        var ledger = DayLedger.Of([.. units, early]);
        var walk = ledger.Begin(period);
        while (walk.Next < new DateOnly(2024, 3, 10))
        {
            walk.Step(false, tree, catalogue, IndexRules.Default);
        }

        Assert.True(ledger.Apply(early, handled) >= walk.Next);
        Assert.True(ledger.Apply(null, newcomer) >= walk.Next); // c2 had no day in the ledger until now
        var ahead = walk.Clone().Step(true, tree, catalogue, IndexRules.Default)!;
        var resumed = Enumerable.Range(0, 8).Select(_ => Flatten(walk.Step(true, tree, catalogue, IndexRules.Default)!)).ToList();

        var fresh = DayLedger.Of([.. units, handled, newcomer])
            .Walk(period, new DateOnly(2024, 3, 10), new DateOnly(2024, 3, 17), tree, catalogue, IndexRules.Default).Select(p => Flatten(p.Scores)).ToList();
        Assert.Equal(fresh, resumed, new SequenceComparer());
        Assert.Equal(fresh[0], Flatten(ahead));
        Assert.Equal(Flatten(Book([.. units, handled, newcomer], period, VietnamTime.LastSecondOf(new DateOnly(2024, 3, 13))).Score()), resumed[3]);
    }

    private sealed class SequenceComparer : IEqualityComparer<List<(string, string, decimal, long, long)>>
    {
        public bool Equals(List<(string, string, decimal, long, long)>? x, List<(string, string, decimal, long, long)>? y) =>
            x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(List<(string, string, decimal, long, long)> obj) => obj.Count;
    }
}
