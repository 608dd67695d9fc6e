using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using static ServiceIndex.Core.Tests.Build;

namespace ServiceIndex.Core.Tests;

/// <summary>The worked example of index-766.md: a commune, period 2024-04, e = 2024-04-30 23:59:59+07:00.</summary>
public sealed class WorkedExampleTests
{
    private static readonly Period April = Period.Parse("2024-04");

    private static IReadOnlyDictionary<string, IndicatorScore> Commune()
    {
        var records = new List<ChangeRecord>(SmallProvince());
        var n = 0;
        ChangeRecord Add(DossierData d) => Record($"hs{++n}", d);

        // 8 handled in April: 7 on time (one rated dissatisfied), 1 late. 6 of the 10 synced, 3 online.
        for (var i = 0; i < 7; i++)
        {
            records.Add(Add(Dossier(received: $"2024-04-0{i + 1}T08:00:00", due: "2024-04-20T17:00:00", completed: "2024-04-15T10:00:00",
                status: DossierStatus.Completed, synced: i < 6, channel: i < 3 ? Channel.Online : Channel.Direct,
                rating: i == 0 ? Rating.Dissatisfied : null)));
        }

        records.Add(Add(Dossier(received: "2024-04-08T08:00:00", due: "2024-04-10T17:00:00", completed: "2024-04-12T10:00:00", status: DossierStatus.Completed)));
        records.Add(Add(Dossier(received: "2024-04-25T08:00:00", due: "2024-05-03T17:00:00")));
        records.Add(Add(Dossier(received: "2024-04-20T08:00:00", due: "2024-04-25T17:00:00")));

        var book = new PeriodScoreBook(April, Vn("2024-06-01T00:00:00"));
        records.ForEach(r => book.Apply(r));
        return book.Score().Single(s => s.Unit.Id == "c1").Indicators.ToDictionary(i => i.Code);
    }

    [Fact]
    public void T4_six_of_ten_received_synced_scores_6_x_6_over_10_equals_3_6() =>
        Assert.Equal(3.6m, Commune()["T4"].Points);

    [Fact]
    public void O3_three_of_ten_online_weighted_by_six_of_ten_synced_against_a_50_percent_threshold_scores_6_x_0_18_over_0_5_equals_2_16() =>
        Assert.Equal(2.16m, Commune()["O3"].Points);

    [Fact]
    public void P1_eight_of_ten_in_scope_on_time_or_within_deadline_scores_20_x_8_over_10_equals_16()
    {
        var p1 = Commune()["P1"];
        Assert.Equal((8, 10), (p1.Numerator, p1.Denominator));
        Assert.Equal(16m, p1.Points);
    }

    [Fact]
    public void S3_six_of_eight_handled_neither_dissatisfied_nor_late_against_90_percent_scores_5()
    {
        var s3 = Commune()["S3"];
        Assert.Equal((6, 8), (s3.Numerator, s3.Denominator));
        Assert.Equal(5m, Output.Round(s3.Points));
    }

    [Fact]
    public void S1_and_S2_with_no_feedback_in_scope_score_their_full_6()
    {
        var scores = Commune();
        Assert.Equal(6m, scores["S1"].Points);
        Assert.Equal(6m, scores["S2"].Points);
    }

    [Fact]
    public void The_open_dossier_due_on_25_April_is_5_days_late_at_the_end_of_April()
    {
        var d = Dossier(received: "2024-04-20T08:00:00", due: "2024-04-25T17:00:00");
        Assert.Equal(5, DossierTerms.DaysLate(d, April.LastSecond));
    }
}
