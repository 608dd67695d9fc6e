using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Pipeline.Tests.Queries;

public sealed class TargetActionsTests
{
    private static readonly IndexRules Rules = IndexRules.Default;

    [Fact]
    public void Without_a_gap_a_step_counts_the_items_that_reach_full_points()
    {
        // T4: 6 × 600/1000 = 3.6 points; full at 1,000 synced, so 400 more.
        var (action, perItem) = TargetActions.Raise("T4", Indicator("T4", 600, 1000), gap: null, Rules)!.Value;

        Assert.Equal(400, action.Count);
        Assert.Equal(2.4m, action.PointsGained);
        Assert.Equal(0.006m, perItem);
        Assert.Equal("Đồng bộ thêm 400 hồ sơ lên Cổng Dịch vụ công quốc gia", action.Description);
        Assert.Equal("sync-to-national-portal", action.Kind);
    }

    [Fact]
    public void The_threshold_is_part_of_the_inversion()
    {
        // O3 (threshold 50%): 6 × (300/1000)/0.5 = 3.6; full from 500 online, so 200 more; each is worth 6/(1000 × 0.5) = 0.012.
        var (action, perItem) = TargetActions.Raise("O3", Indicator("O3", 300, 1000), gap: null, Rules)!.Value;

        Assert.Equal((200, 2.4m, 0.012m), (action.Count, action.PointsGained, perItem));
        Assert.Equal("Thêm 200 hồ sơ nộp trực tuyến (thay vì nộp trực tiếp)", action.Description);
    }

    [Theory]
    [InlineData("D2", 0, 1234, 0.37)]
    [InlineData("D2", 100, 1234, 1.0)]
    [InlineData("T1", 7, 9, 0.5)]
    [InlineData("M1", 1, 3, 0.01)]
    public void With_a_gap_a_step_counts_the_fewest_items_that_close_it(string code, long n, long d, decimal gap)
    {
        var action = TargetActions.Raise(code, Indicator(code, n, d), gap, Rules)!.Value.Action;
        var now = Rules.Points(code, n, d);

        Assert.True(Rules.Points(code, n + action.Count, d) - now >= gap);
        Assert.True(Rules.Points(code, n + action.Count - 1, d) - now < gap);
    }

    [Fact]
    public void A_gap_larger_than_the_indicator_can_give_takes_everything_it_still_loses()
    {
        var action = TargetActions.Raise("T3", Indicator("T3", 50, 100), gap: 5m, Rules)!.Value.Action;

        Assert.Equal((50, 1m), (action.Count, action.PointsGained));
    }

    [Fact]
    public void Full_indicators_offer_no_step()
    {
        Assert.Null(TargetActions.Raise("O3", Indicator("O3", 600, 1000), gap: 1m, Rules));
        Assert.Null(TargetActions.Raise("T4", Indicator("T4", 0, 0), gap: 1m, Rules)); // nothing was due: full points already
    }

    [Fact]
    public void Overdue_dossiers_are_named_by_field_and_steps_sorted_by_points_per_item()
    {
        var unit = new UnitScoreDocument("qna", "Tỉnh Quảng Nam", "province", null, 0, "yeu",
            Groups.All.ToDictionary(g => g, _ => 0m),
            IndexRules.Codes.ToDictionary(c => c, c => c switch
            {
                "P1" => Indicator("P1", 90, 100),
                "T4" => Indicator("T4", 90, 100),
                "T1" => Indicator("T1", 10, 20),
                _ => Indicator(c, 1, 1),
            }));
        var overdue = Enumerable.Range(0, 7).Select(i => Late(i < 4 ? "dat-dai" : i < 6 ? "tu-phap" : "xyz")).ToList();

        var progress = TargetActions.For(unit, Groups.Progress, null, overdue, Rules).Single();
        var transparency = TargetActions.For(unit, Groups.Transparency, null, overdue, Rules);

        Assert.Equal(("resolve-overdue", 7L, "later-periods"), (progress.Kind, progress.Count, progress.Effect));
        Assert.Equal(Output.Round((20m * 90 / 93) - 18m), progress.PointsGained);
        Assert.Contains("7 hồ sơ đang quá hạn (đất đai: 4, tư pháp: 2, xyz: 1)", progress.Description, StringComparison.Ordinal);
        Assert.Equal(["T1", "T4"], transparency.Select(a => a.Indicator)); // T1: 0.3 per procedure; T4: 0.06 per dossier
    }

    [Fact]
    public void More_online_dossiers_earn_O3_points_only_as_far_as_they_are_synced()
    {
        // O3 = 6 × min(1, 300/1000 × 0.8 / 0.5) = 2.88; full needs 1000 × 0.5 / 0.8 = 625 online, so 325 more.
        var o3 = new IndicatorDocument(2.88m, 6m, 300, 1000, 0.8m);
        var (action, perItem) = TargetActions.Raise("O3", o3, gap: null, Rules)!.Value;

        Assert.Equal((325L, 3.12m, 0.0096m), (action.Count, action.PointsGained, perItem));
    }

    [Fact]
    public void With_nothing_synced_more_online_dossiers_earn_no_O3_points_so_no_step_is_offered() =>
        Assert.Null(TargetActions.Raise("O3", new IndicatorDocument(0m, 6m, 300, 1000, 0m), gap: null, Rules));

    [Fact]
    public void Dossiers_stalled_on_a_supplement_the_portal_counts_as_overdue_are_a_step_of_their_own()
    {
        var unit = new UnitScoreDocument("qna", "Tỉnh Quảng Nam", "province", null, 0, "yeu",
            Groups.All.ToDictionary(g => g, _ => 0m),
            IndexRules.Codes.ToDictionary(c => c, c => c == "P1" ? Indicator("P1", 90, 100) : Indicator(c, 1, 1)));
        var overdue = new[] { Late("dat-dai"), Late("dat-dai") with { Open = false, AwaitingSupplement = true, SupplementRequests = 2 } };

        var steps = TargetActions.For(unit, Groups.Progress, null, overdue, Rules);

        Assert.Equal([("resolve-overdue", 1L), ("answer-supplements", 1L)], steps.Select(a => (a.Kind, a.Count)));
        Assert.Contains("1 hồ sơ đang chờ bổ sung bị tính quá hạn (đất đai: 1)", steps[1].Description, StringComparison.Ordinal);
    }

    private static IndicatorDocument Indicator(string code, long n, long d) =>
        new(Output.Round(Rules.Points(code, n, d)), Rules[code].Max, n, d);

    private static LateDossier Late(string field) =>
        new("d", "c", "u", "Unit", "p", "Procedure", field, "2024-01-01T00:00:00+07:00", "2024-01-02T00:00:00+07:00", null, "processing", true, 3);
}
