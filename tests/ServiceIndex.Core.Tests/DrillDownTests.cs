using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using static ServiceIndex.Core.Tests.Build;

namespace ServiceIndex.Core.Tests;

/// <summary>Per-procedure breakdown, handling times and the change against the previous period.</summary>
public sealed class DrillDownTests
{
    private static readonly Period April = Period.Parse("2024-04");
    private static readonly DateTimeOffset AfterApril = Vn("2024-06-01T00:00:00");

    private static PeriodScoreBook Book(IEnumerable<ChangeRecord> records, Period period, DateTimeOffset asOf)
    {
        var book = new PeriodScoreBook(period, asOf);
        foreach (var r in records)
        {
            book.Apply(r);
        }

        return book;
    }

    private static IReadOnlyList<ProcedureShare> Split(PeriodScoreBook book, string unitId)
    {
        var tree = book.Tree();
        var units = tree.Subtree(unitId).ToHashSet(StringComparer.Ordinal);
        return ProcedureBreakdown.Split(book.State.Live, units, tree, book.Catalogue(), book.Period, book.E, book.Rules);
    }

    private static Arbitrary<(int Seed, int PeriodIndex, int AsOfHours, int Unit)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue - 1)
         from period in Gen.Choose(0, RandomProvince.Periods.Length - 1)
         from asOf in Gen.Choose(0, 200 * 24)
         from unit in Gen.Choose(0, 3)
         select (seed, period, asOf, unit)).ToArbitrary();

    [Property(MaxTest = 120)]
    public Property Procedure_shares_add_up_to_the_units_subtree_tally_so_numerators_and_denominators_sum_to_the_units() =>
        Prop.ForAll(Cases(), c =>
        {
            var book = Book(RandomProvince.Generate(c.Seed), Period.Parse(RandomProvince.Periods[c.PeriodIndex]), RandomProvince.Start.AddHours(c.AsOfHours));
            var unitId = new[] { "qna", "d1", "d2", "ag" }[c.Unit];
            var sum = new Tally();
            foreach (var share in Split(book, unitId))
            {
                sum.Add(share.Tally);
            }

            var unit = book.Score().Single(s => s.Unit.Id == unitId);
            return sum.Equals(unit.Tally);
        });

    [Property(MaxTest = 120)]
    public Property A_procedure_never_costs_more_than_the_points_its_indicator_lost() =>
        Prop.ForAll(Cases(), c =>
        {
            var book = Book(RandomProvince.Generate(c.Seed), Period.Parse(RandomProvince.Periods[c.PeriodIndex]), RandomProvince.Start.AddHours(c.AsOfHours));
            var unit = book.Score().Single(s => s.Unit.Id == "qna").Indicators.ToDictionary(i => i.Code);
            return Split(book, "qna").SelectMany(s => s.Indicators)
                .All(i => i.PointsLost >= 0 && i.PointsLost <= unit[i.Code].Max - unit[i.Code].Points);
        });

    [Fact]
    public void A_late_dossier_costs_its_procedure_the_progress_points_the_unit_would_regain_on_time()
    {
        // P1 at c1: p1 has 3 on time of 4 in scope, p2 1 of 1: unit 4/5 = 16 points; p1's late dossier costs 20 − 16 = 4.
        var records = SmallProvince().Append(Procedure("p2", ["c1"])).ToList();
        for (var i = 0; i < 3; i++)
        {
            records.Add(Record($"a{i}", Dossier(procedure: "p1", completed: "2024-04-12T08:00:00", status: DossierStatus.Completed)));
        }

        records.Add(Record("late", Dossier(procedure: "p1", due: "2024-04-11T08:00:00", completed: "2024-04-15T08:00:00", status: DossierStatus.Completed)));
        records.Add(Record("b", Dossier(procedure: "p2", completed: "2024-04-12T08:00:00", status: DossierStatus.Completed)));

        var shares = Split(Book(records, April, AfterApril), "c1").ToDictionary(s => s.ProcedureId ?? "");
        var p1 = shares["p1"].Indicators.Single(i => i.Code == "P1");
        var p2 = shares["p2"].Indicators.Single(i => i.Code == "P1");

        Assert.Equal((3L, 4L, 4m), (p1.Numerator, p1.Denominator, p1.PointsLost));
        Assert.Equal((1L, 1L, 0m), (p2.Numerator, p2.Denominator, p2.PointsLost));
    }

    [Fact]
    public void Feedback_and_commune_counters_belong_to_no_procedure()
    {
        var records = SmallProvince(eCopy: true).Append(Record("f", Feedback(resolved: "2024-04-30T08:00:00"))).ToList();

        var none = Split(Book(records, April, AfterApril), "d1").Single(s => s.ProcedureId is null);

        Assert.Equal(1, none.Tally[Counter.Feedback]);
        Assert.Equal(1, none.Tally[Counter.Communes]);
        Assert.Equal(1, none.Tally[Counter.CommunesWithECertifiedCopy]);
        Assert.Equal(0, none.Tally[Counter.Assignments]);
    }

    [Fact]
    public void Points_lost_stop_at_the_threshold()
    {
        // O3 (6 points from 50% online): the unit has 4 of 10 online (4.8 points); a procedure with 5 non-online
        // dossiers would lift it past 50%, so it costs only the missing 1.2 points, not 5 dossiers' worth.
        var lost = ProcedureBreakdown.PointsLost(IndexRules.Default, "O3", unitNumerator: 4, unitDenominator: 10, numerator: 0, denominator: 5);

        Assert.Equal(1.2m, lost);
    }

    [Fact]
    public void Handling_time_is_received_to_completed_in_days_over_the_dossiers_handled_in_the_period()
    {
        var handled = Dossier(received: "2024-04-01T08:00:00", completed: "2024-04-03T20:00:00", status: DossierStatus.Completed);
        var handledInMarch = Dossier(received: "2024-03-01T08:00:00", completed: "2024-03-03T08:00:00", status: DossierStatus.Completed);
        var open = Dossier(received: "2024-04-01T08:00:00");

        Assert.Equal(2.5m, HandlingTimes.DaysOf(handled, April, AfterApril));
        Assert.Null(HandlingTimes.DaysOf(handledInMarch, April, AfterApril));
        Assert.Null(HandlingTimes.DaysOf(open, April, AfterApril));
    }

    [Fact]
    public void Handling_time_median_is_the_middle_and_p90_the_nearest_rank()
    {
        var t = HandlingTimes.Of([1m, 2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m, 100m]);

        Assert.Equal((10, 14.5m, 5.5m, 9m), (t.Handled, t.AverageDays!.Value, t.MedianDays!.Value, t.P90Days!.Value));
        Assert.Equal(HandlingTime.None, HandlingTimes.Of([]));
        Assert.Equal(7m, HandlingTimes.Of([7m]).P90Days);
    }

    [Fact]
    public void Score_delta_is_current_minus_previous_for_total_groups_and_indicators()
    {
        var records = SmallProvince().ToList();
        records.Add(Record("m", Dossier(received: "2024-03-10T08:00:00", due: "2024-03-11T08:00:00", completed: "2024-03-20T08:00:00", status: DossierStatus.Completed)));
        records.Add(Record("a", Dossier(received: "2024-04-10T08:00:00", completed: "2024-04-12T08:00:00", status: DossierStatus.Completed, synced: true)));
        var april = Book(records, April, AfterApril).Document();
        var march = Book(records, Period.Parse("2024-03"), AfterApril).Document();

        var withDelta = ScoreDelta.Apply(april, march);
        var c1 = withDelta.Units.Single(u => u.UnitId == "c1");
        var before = march.Units.Single(u => u.UnitId == "c1");
        var now = april.Units.Single(u => u.UnitId == "c1");

        Assert.Equal("2024-03", c1.ScoreDelta!.PreviousPeriod);
        Assert.Equal(now.Total - before.Total, c1.ScoreDelta.Total);
        Assert.True(c1.ScoreDelta.Total > 0);
        Assert.Equal(now.Groups["progress"] - before.Groups["progress"], c1.ScoreDelta.Groups["progress"]);
        Assert.Equal(now.Indicators["T4"].Points - before.Indicators["T4"].Points, c1.ScoreDelta.Indicators["T4"]);
        Assert.Equal(5, c1.ScoreDelta.Groups.Count);
        Assert.Equal(21, c1.ScoreDelta.Indicators.Count);
    }

    [Fact]
    public void Without_a_previous_period_every_delta_is_null_and_a_custom_range_has_no_previous_period()
    {
        var april = Book(SmallProvince(), April, AfterApril).Document();

        Assert.All(ScoreDelta.Apply(april, null).Units, u => Assert.Null(u.ScoreDelta));
        Assert.Null(ScoreDelta.PreviousOf(Period.Parse("2024-04-01..2024-04-10")));
        Assert.Equal("2023-Q4", ScoreDelta.PreviousOf(Period.Parse("2024-Q1"))!.Label);
        Assert.Equal("2023", ScoreDelta.PreviousOf(Period.Parse("2024"))!.Label);
    }
}
