using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using static ServiceIndex.Core.Tests.Build;

namespace ServiceIndex.Core.Tests;

/// <summary>One worked example per indicator; the expected points are computed by hand in the name.</summary>
public sealed class IndicatorTests
{
    private static readonly Period April = Period.Parse("2024-04");

    private static IndicatorScore Score(string code, IEnumerable<ChangeRecord> records, string unit = "c1", string asOf = "2024-06-01T00:00:00")
    {
        var book = new PeriodScoreBook(April, Vn(asOf));
        foreach (var r in records)
        {
            book.Apply(r);
        }

        return book.Score().Single(s => s.Unit.Id == unit).Indicators.Single(i => i.Code == code);
    }

    private static IEnumerable<ChangeRecord> Province(params ChangeRecord[] procedures) =>
    [
        Unit("qna", UnitLevel.Province, null), Unit("d1", UnitLevel.District, "qna"), Unit("c1", UnitLevel.Commune, "d1"),
        Unit("c2", UnitLevel.Commune, "d1", eCopy: true), .. procedures,
    ];

    private static IEnumerable<ChangeRecord> Dossiers(int count, Func<int, DossierData> make) =>
        Enumerable.Range(0, count).Select(i => Record($"x{i}", make(i)));

    [Fact]
    public void T1_three_of_four_assignments_announced_on_time_scores_6_x_3_over_4_equals_4_5() =>
        Assert.Equal(4.5m, Score("T1", Province(
            Procedure("a", ["c1"]), Procedure("b", ["c1"]), Procedure("c", ["c1"]), Procedure("d", ["c1"], announced: false))).Points);

    [Fact]
    public void T2_one_of_two_assignments_published_on_time_scores_4_x_1_over_2_equals_2() =>
        Assert.Equal(2m, Score("T2", Province(Procedure("a", ["c1"]), Procedure("b", ["c1"], published: false))).Points);

    [Fact]
    public void T3_one_of_four_assignments_published_complete_scores_2_x_1_over_4_equals_0_5() =>
        Assert.Equal(0.5m, Score("T3", Province(Procedure("a", ["c1"]), Procedure("b", ["c1"], complete: false),
            Procedure("c", ["c1"], complete: false), Procedure("d", ["c1"], complete: false))).Points);

    [Fact]
    public void T3_of_a_district_sums_its_communes_assignments_one_complete_of_two_scores_2_x_1_over_2_equals_1() =>
        Assert.Equal(1m, Score("T3", Province(Procedure("a", ["c1"]), Procedure("b", ["c2"], complete: false)), unit: "d1").Points);

    [Fact]
    public void T4_one_of_four_received_synced_scores_6_x_1_over_4_equals_1_5() =>
        Assert.Equal(1.5m, Score("T4", Province(Procedure("p1", ["c1"])).Concat(Dossiers(4, i => Dossier(synced: i == 0)))).Points);

    [Fact]
    public void P1_one_handled_on_time_and_one_open_past_due_scores_20_x_1_over_2_equals_10() =>
        Assert.Equal(10m, Score("P1", Province(Procedure("p1", ["c1"])).Concat(
        [
            Record("a", Dossier(due: "2024-04-20T17:00:00", completed: "2024-04-19T09:00:00", status: DossierStatus.Completed)),
            Record("b", Dossier(due: "2024-04-20T17:00:00")),
        ])).Points);

    [Fact]
    public void O1_three_of_four_assignments_online_against_80_percent_scores_2_x_0_75_over_0_8_equals_1_875() =>
        Assert.Equal(1.875m, Score("O1", Province(Procedure("a", ["c1"]), Procedure("b", ["c1"], online: OnlineLevel.Partial),
            Procedure("c", ["c1"]), Procedure("d", ["c1"], online: OnlineLevel.None))).Points);

    [Fact]
    public void O2_one_of_two_online_capable_assignments_with_an_online_dossier_scores_4_x_1_over_2_equals_2() =>
        Assert.Equal(2m, Score("O2", Province(Procedure("a", ["c1"]), Procedure("b", ["c1"]), Procedure("n", ["c1"], online: OnlineLevel.None))
            .Append(Record("x", Dossier(procedure: "a", channel: Channel.Online)))
            .Append(Record("y", Dossier(procedure: "n", channel: Channel.Online)))).Points);

    [Fact]
    public void O3_one_of_five_received_online_all_synced_against_50_percent_scores_6_x_0_2_over_0_5_equals_2_4() =>
        Assert.Equal(2.4m, Score("O3", Province(Procedure("p1", ["c1"])).Concat(Dossiers(5, i => Dossier(synced: true, channel: i == 0 ? Channel.Online : Channel.Postal)))).Points);

    [Fact]
    public void O3_is_weighted_by_the_share_synced_three_of_four_online_half_synced_scores_6_x_0_375_over_0_5_equals_4_5() =>
        Assert.Equal(4.5m, Score("O3", Province(Procedure("p1", ["c1"])).Concat(Dossiers(4, i => Dossier(synced: i < 2, channel: i < 3 ? Channel.Online : Channel.Direct))))
            .Points);

    [Fact]
    public void O3_reports_T4s_ratio_as_its_factor()
    {
        var o3 = Score("O3", Province(Procedure("p1", ["c1"])).Concat(Dossiers(4, i => Dossier(synced: i < 1, channel: Channel.Online))));
        Assert.Equal((4L, 4L, 0.25m), (o3.Numerator, o3.Denominator, o3.Factor));
    }

    [Fact]
    public void M1_leaves_out_dossiers_whose_fees_are_all_waived() =>
        Assert.Equal(6m, Score("M1", Province(Procedure("p1", ["c1"])).Concat(Dossiers(3, i => Dossier(fee: true, paid: i == 0, waived: i > 0)))).Points);

    [Fact]
    public void D1_counts_only_procedures_whose_result_is_a_paper_document()
    {
        var records = Province(Procedure("paper", ["c1"]), Procedure("notice", ["c1"], paper: false))
            .Append(Record("a", Dossier(procedure: "paper", completed: "2024-04-12T08:00:00", status: DossierStatus.Completed, result: true)))
            .Append(Record("b", Dossier(procedure: "notice", completed: "2024-04-12T08:00:00", status: DossierStatus.Completed)));
        var d1 = Score("D1", records);
        Assert.Equal((1L, 1L, 6m), (d1.Numerator, d1.Denominator, d1.Points));
    }

    [Fact]
    public void D1_follows_a_procedure_that_later_gets_a_paper_result()
    {
        var records = Province(Procedure("p1", ["c1"], paper: false))
            .Append(Record("a", Dossier(completed: "2024-04-12T08:00:00", status: DossierStatus.Completed)))
            .Append(Procedure("p1", ["c1"], version: 2));
        var d1 = Score("D1", records);
        Assert.Equal((0L, 1L), (d1.Numerator, d1.Denominator));
    }

    [Fact]
    public void D2_needs_an_electronic_result_too_where_the_procedure_has_a_paper_result()
    {
        var records = Province(Procedure("paper", ["c1"]), Procedure("notice", ["c1"], paper: false))
            .Append(Record("a", Dossier(procedure: "paper", components: true)))
            .Append(Record("b", Dossier(procedure: "paper", components: true, result: true)))
            .Append(Record("c", Dossier(procedure: "notice", components: true)))
            .Append(Record("d", Dossier(procedure: "unknown", components: true)));
        var d2 = Score("D2", records);
        Assert.Equal((2L, 4L), (d2.Numerator, d2.Denominator));
    }

    [Fact]
    public void M1_one_of_three_fee_dossiers_paid_online_scores_6_x_1_over_3_equals_2() =>
        Assert.Equal(2m, Score("M1", Province(Procedure("p1", ["c1"])).Concat(Dossiers(4, i => Dossier(fee: i < 3, paid: i == 0 || i == 3)))).Points);

    [Fact]
    public void M2_one_of_two_fee_assignments_with_a_paid_online_dossier_against_80_percent_scores_2_x_0_5_over_0_8_equals_1_25() =>
        Assert.Equal(1.25m, Score("M2", Province(Procedure("a", ["c1"], fee: true), Procedure("b", ["c1"], fee: true))
            .Append(Record("x", Dossier(procedure: "a", fee: true, paid: true)))).Points);

    [Fact]
    public void M3_four_of_five_fee_assignments_with_online_payment_reach_the_80_percent_threshold_and_score_2() =>
        Assert.Equal(2m, Score("M3", Province(Procedure("a", ["c1"], fee: true, payment: true), Procedure("b", ["c1"], fee: true, payment: true),
            Procedure("c", ["c1"], fee: true, payment: true), Procedure("d", ["c1"], fee: true, payment: true), Procedure("e", ["c1"], fee: true))).Points);

    [Fact]
    public void D1_one_of_two_handled_with_digitised_result_scores_6_x_1_over_2_equals_3() =>
        Assert.Equal(3m, Score("D1", Province(Procedure("p1", ["c1"])).Concat(Dossiers(2, i =>
            Dossier(completed: "2024-04-12T08:00:00", status: DossierStatus.Completed, result: i == 0)))).Points);

    [Fact]
    public void D2_two_of_five_received_with_digitised_components_and_result_against_80_percent_scores_4_x_0_4_over_0_8_equals_2() =>
        Assert.Equal(2m, Score("D2", Province(Procedure("p1", ["c1"])).Concat(Dossiers(5, i => Dossier(components: i < 2, result: i < 3)))).Points);

    [Fact]
    public void D3_one_of_two_communes_with_electronic_certified_copies_scores_2_x_1_over_2_equals_1_for_the_district() =>
        Assert.Equal(1m, Score("D3", Province(), unit: "d1").Points);

    [Fact]
    public void D4_one_of_five_received_reusing_data_against_80_percent_scores_2_x_0_2_over_0_8_equals_0_5() =>
        Assert.Equal(0.5m, Score("D4", Province(Procedure("p1", ["c1"])).Concat(Dossiers(5, i => Dossier(reused: i == 0)))).Points);

    [Fact]
    public void D5_three_of_four_received_linked_to_the_citizen_store_scores_4_x_3_over_4_equals_3() =>
        Assert.Equal(3m, Score("D5", Province(Procedure("p1", ["c1"])).Concat(Dossiers(4, i => Dossier(linked: i < 3)))).Points);

    [Fact]
    public void D6_one_of_four_received_using_population_data_scores_2_x_1_over_4_equals_0_5() =>
        Assert.Equal(0.5m, Score("D6", Province(Procedure("p1", ["c1"])).Concat(Dossiers(4, i => Dossier(population: i == 0)))).Points);

    [Fact]
    public void D7_one_of_four_assignments_with_a_population_data_dossier_scores_2_x_1_over_4_equals_0_5() =>
        Assert.Equal(0.5m, Score("D7", Province(Procedure("a", ["c1"]), Procedure("b", ["c1"]), Procedure("c", ["c1"]), Procedure("d", ["c1"]))
            .Append(Record("x", Dossier(procedure: "a", population: true)))).Points);

    [Fact]
    public void S1_one_feedback_resolved_late_and_one_on_time_scores_6_x_1_over_2_equals_3() =>
        Assert.Equal(3m, Score("S1", Province().Concat(
        [
            Record("f1", Feedback(due: "2024-04-20T17:00:00", resolved: "2024-04-22T08:00:00")),
            Record("f2", Feedback(due: "2024-04-20T17:00:00", resolved: "2024-04-19T08:00:00")),
        ])).Points);

    [Fact]
    public void S2_one_of_three_feedback_dissatisfied_and_none_overdue_scores_6_x_2_over_3_equals_4() =>
        Assert.Equal(4m, Score("S2", Province().Concat(
        [
            Record("f1", Feedback(resolved: "2024-04-12T08:00:00", rating: Rating.Dissatisfied)),
            Record("f2", Feedback(resolved: "2024-04-12T08:00:00", rating: Rating.Satisfied)),
            Record("f3", Feedback(resolved: "2024-04-12T08:00:00")),
        ])).Points);

    [Fact]
    public void S3_four_of_five_handled_good_reaches_80_percent_against_90_scores_6_x_0_8_over_0_9_equals_5_33() =>
        Assert.Equal(5.33m, Output.Round(Score("S3", Province(Procedure("p1", ["c1"])).Concat(Dossiers(5, i =>
            Dossier(completed: "2024-04-12T08:00:00", status: DossierStatus.Completed, rating: i == 0 ? Rating.Dissatisfied : Rating.VerySatisfied)))).Points));
}
