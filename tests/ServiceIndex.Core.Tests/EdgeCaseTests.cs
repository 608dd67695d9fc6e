using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using static ServiceIndex.Core.Tests.Build;

namespace ServiceIndex.Core.Tests;

/// <summary>The corners of index-766.md: empty denominators, missing deadlines, statuses, deletion, boundaries, midnight.</summary>
public sealed class EdgeCaseTests
{
    private static Tally OwnTally(Period period, string asOf, params ChangeRecord[] records)
    {
        var book = new PeriodScoreBook(period, Vn(asOf));
        foreach (var r in SmallProvince().Concat(records))
        {
            book.Apply(r);
        }

        return book.OwnTallyOf("c1")?.Tally ?? new Tally();
    }

    private static UnitScore Commune(Period period, string asOf, params ChangeRecord[] records)
    {
        var book = new PeriodScoreBook(period, Vn(asOf));
        foreach (var r in SmallProvince().Concat(records))
        {
            book.Apply(r);
        }

        return book.Score().Single(s => s.Unit.Id == "c1");
    }

    private static readonly Period April = Period.Parse("2024-04");

    [Fact]
    public void A_unit_with_nothing_due_scores_every_dossier_indicator_at_its_max()
    {
        var score = Commune(April, "2024-05-01T00:00:00");
        foreach (var code in new[] { "T4", "P1", "O3", "M1", "D1", "D2", "D4", "D5", "D6", "S1", "S2", "S3" })
        {
            var i = score.Indicators.Single(x => x.Code == code);
            Assert.Equal((0L, i.Max), (i.Denominator, i.Points));
        }
    }

    [Fact]
    public void A_unit_with_no_communes_scores_D3_at_its_max_of_2()
    {
        var book = new PeriodScoreBook(April, Vn("2024-05-01T00:00:00"));
        book.Apply(Unit("qna", UnitLevel.Province, null));
        book.Apply(Unit("a1", UnitLevel.Agency, "qna"));
        Assert.Equal(2m, book.Score().Single(s => s.Unit.Id == "a1").Indicators.Single(i => i.Code == "D3").Points);
    }

    [Fact]
    public void A_dossier_without_a_deadline_is_never_late_however_long_it_stays_open()
    {
        var t = OwnTally(April, "2024-05-01T00:00:00", Record("a", Dossier(received: "2023-01-05T08:00:00", due: null)));
        Assert.Equal((1L, 1L, 0L), (t[Counter.ProgressScope], t[Counter.ProgressNotOverdue], t[Counter.OpenOverdue]));
    }

    [Fact]
    public void A_dossier_completed_without_a_deadline_counts_as_handled_on_time()
    {
        var t = OwnTally(April, "2024-05-01T00:00:00",
            Record("a", Dossier(due: null, completed: "2024-04-29T08:00:00", status: DossierStatus.Completed)));
        Assert.Equal((1L, 1L), (t[Counter.Handled], t[Counter.HandledOnTime]));
    }

    [Fact]
    public void A_suspended_dossier_received_in_the_period_counts_as_received_but_is_neither_open_nor_handled()
    {
        var t = OwnTally(April, "2024-05-01T00:00:00", Record("a", Dossier(status: DossierStatus.Suspended, due: "2024-04-12T08:00:00")));
        Assert.Equal(1, t[Counter.Received]);
        Assert.Equal((0L, 0L, 0L), (t[Counter.Handled], t[Counter.OpenAtE], t[Counter.OpenOverdue]));
    }

    [Fact]
    public void A_suspended_dossier_received_before_the_period_is_outside_its_progress_scope()
    {
        var t = OwnTally(April, "2024-05-01T00:00:00", Record("a", Dossier(received: "2024-03-01T08:00:00", due: "2024-03-05T08:00:00", status: DossierStatus.Suspended)));
        Assert.Equal(0, t[Counter.ProgressScope]);
    }

    [Fact]
    public void A_withdrawn_dossier_counts_nowhere()
    {
        var t = OwnTally(April, "2024-05-01T00:00:00",
            Record("a", Dossier(status: DossierStatus.Withdrawn, completed: "2024-04-12T08:00:00", synced: true, channel: Channel.Online)));
        Assert.True(t.IsZero);
    }

    [Fact]
    public void A_rejected_dossier_counts_as_handled_at_its_completion_time()
    {
        var t = OwnTally(April, "2024-05-01T00:00:00",
            Record("a", Dossier(status: DossierStatus.Rejected, completed: "2024-04-25T08:00:00", due: "2024-04-20T08:00:00")));
        Assert.Equal((1L, 0L), (t[Counter.Handled], t[Counter.HandledOnTime]));
    }

    [Fact]
    public void A_deleted_record_no_longer_counts_anywhere()
    {
        var d = Dossier(synced: true);
        var t = OwnTally(April, "2024-05-01T00:00:00", Record("a", d), Record("a", d, version: 2, deleted: true));
        Assert.True(t.IsZero);
    }

    [Fact]
    public void A_dossier_completed_after_e_was_still_open_at_e()
    {
        var t = OwnTally(April, "2024-06-01T00:00:00",
            Record("a", Dossier(received: "2024-04-28T08:00:00", due: "2024-05-10T08:00:00", completed: "2024-05-03T08:00:00", status: DossierStatus.Completed)));
        Assert.Equal((0L, 1L, 1L), (t[Counter.Handled], t[Counter.OpenAtE], t[Counter.ProgressNotOverdue]));
    }

    [Fact]
    public void A_dossier_received_before_the_period_and_handled_in_it_is_in_progress_scope_but_not_received()
    {
        var t = OwnTally(April, "2024-06-01T00:00:00",
            Record("a", Dossier(received: "2024-03-28T08:00:00", due: "2024-04-02T08:00:00", completed: "2024-04-03T08:00:00", status: DossierStatus.Completed)));
        Assert.Equal((0L, 1L, 1L, 0L), (t[Counter.Received], t[Counter.Handled], t[Counter.ProgressScope], t[Counter.ProgressNotOverdue]));
    }

    [Fact]
    public void A_dossier_received_and_handled_before_the_period_is_outside_it()
    {
        var t = OwnTally(April, "2024-06-01T00:00:00",
            Record("a", Dossier(received: "2024-03-01T08:00:00", completed: "2024-03-03T08:00:00", status: DossierStatus.Completed)));
        Assert.True(t.IsZero);
    }

    [Fact]
    public void A_dossier_received_at_23_59_Vietnam_time_on_30_April_belongs_to_April_though_it_is_May_nowhere_in_UTC()
    {
        // 2024-04-30T23:59:00+07:00 is 16:59 UTC on 30 April; the next minute in Vietnam is May.
        var t = OwnTally(April, "2024-06-01T00:00:00", Record("a", Dossier(received: "2024-04-30T23:59:00", due: null)));
        Assert.Equal(1, t[Counter.Received]);
    }

    [Fact]
    public void A_time_written_in_UTC_is_placed_on_its_Vietnamese_day()
    {
        // 2024-03-31T17:30:00Z is 00:30 on 1 April in Vietnam.
        var d = Dossier(due: null) with { ReceivedAt = DateTimeOffset.Parse("2024-03-31T17:30:00Z", System.Globalization.CultureInfo.InvariantCulture) };
        var t = OwnTally(April, "2024-06-01T00:00:00", Record("a", d));
        Assert.Equal(1, t[Counter.Received]);
    }

    [Fact]
    public void A_deadline_passing_with_no_event_turns_an_open_dossier_overdue()
    {
        var r = Record("a", Dossier(received: "2024-04-10T08:00:00", due: "2024-04-20T17:00:00"));
        Assert.Equal(1, OwnTally(April, "2024-04-20T17:00:00", r)[Counter.ProgressNotOverdue]);
        Assert.Equal(0, OwnTally(April, "2024-04-20T17:00:01", r)[Counter.ProgressNotOverdue]);
    }

    [Fact]
    public void A_dossier_received_after_the_as_of_moment_is_not_counted_yet()
    {
        var t = OwnTally(April, "2024-04-10T07:59:59", Record("a", Dossier(received: "2024-04-10T08:00:00")));
        Assert.True(t.IsZero);
    }

    [Fact]
    public void A_dossier_completed_late_is_late_by_calendar_days_from_due_day_to_completion_day_at_least_one()
    {
        var sameDay = Dossier(due: "2024-04-20T08:00:00", completed: "2024-04-20T17:00:00", status: DossierStatus.Completed);
        var threeDays = Dossier(due: "2024-04-20T23:00:00", completed: "2024-04-23T01:00:00", status: DossierStatus.Completed);
        Assert.Equal(1, DossierTerms.DaysLate(sameDay, Vn("2024-05-01T00:00:00")));
        Assert.Equal(3, DossierTerms.DaysLate(threeDays, Vn("2024-05-01T00:00:00")));
    }

    [Fact]
    public void Feedback_unresolved_at_e_with_its_deadline_still_ahead_is_within_deadline()
    {
        var t = OwnTally(April, "2024-04-15T00:00:00", Record("f", Feedback(received: "2024-04-10T08:00:00", due: "2024-04-20T17:00:00")));
        Assert.Equal((1L, 1L, 1L), (t[Counter.Feedback], t[Counter.FeedbackOnTimeOrWithinDeadline], t[Counter.FeedbackNeitherDissatisfiedNorOverdue]));
    }

    [Fact]
    public void Feedback_received_in_the_previous_period_is_not_in_scope()
    {
        var t = OwnTally(April, "2024-06-01T00:00:00", Record("f", Feedback(received: "2024-03-30T08:00:00", due: "2024-04-20T17:00:00")));
        Assert.Equal(0, t[Counter.Feedback]);
    }

    [Fact]
    public void A_rating_left_blank_counts_as_satisfied()
    {
        var score = Commune(April, "2024-06-01T00:00:00",
            Record("a", Dossier(completed: "2024-04-12T08:00:00", status: DossierStatus.Completed, rating: null)));
        Assert.Equal(6m, score.Indicators.Single(i => i.Code == "S3").Points);
    }

    [Fact]
    public void A_record_whose_unit_is_unknown_is_kept_and_counts_once_the_unit_appears()
    {
        var book = new PeriodScoreBook(April, Vn("2024-06-01T00:00:00"));
        foreach (var r in SmallProvince())
        {
            book.Apply(r);
        }

        book.Apply(Record("a", Dossier(unit: "c9", synced: true)));
        Assert.Equal(0, book.Score().Single(s => s.Unit.Id == "qna").Tally[Counter.Received]);
        book.Apply(Unit("c9", UnitLevel.Commune, "d1"));
        Assert.Equal(1, book.Score().Single(s => s.Unit.Id == "qna").Tally[Counter.Received]);
    }

    [Fact]
    public void A_unit_that_moves_counts_under_its_new_parent_in_every_period()
    {
        var book = new PeriodScoreBook(April, Vn("2024-06-01T00:00:00"));
        foreach (var r in SmallProvince().Append(Unit("d2", UnitLevel.District, "qna")).Append(Record("a", Dossier())))
        {
            book.Apply(r);
        }

        book.Apply(Unit("c1", UnitLevel.Commune, "d2", version: 2));
        var scores = book.Score().ToDictionary(s => s.Unit.Id);
        Assert.Equal((0L, 1L), (scores["d1"].Tally[Counter.Received], scores["d2"].Tally[Counter.Received]));
    }

    [Fact]
    public void The_rating_comes_from_the_rounded_total_so_89_995_is_excellent()
    {
        Assert.Equal("xuat-sac", Ratings.Of(Output.Round(89.995m)));
        Assert.Equal("tot", Ratings.Of(Output.Round(89.994m)));
        Assert.Equal("kha", Ratings.Of(70m));
        Assert.Equal("trung-binh", Ratings.Of(50m));
        Assert.Equal("yeu", Ratings.Of(49.99m));
    }

    [Fact]
    public void Points_are_rounded_half_away_from_zero_only_at_output()
    {
        Assert.Equal(0.13m, Output.Round(0.125m));
        Assert.Equal(2.67m, Output.Round(IndexRules.Default.Points("T4", 4, 9)));
    }
}
