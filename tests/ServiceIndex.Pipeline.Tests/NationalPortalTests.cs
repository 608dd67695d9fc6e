using System.Text;
using System.Text.Json;
using NCrontab;
using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.NationalPortal;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>The national portal reader's options, its table and the reconciliation's causes, without I/O.</summary>
public sealed class NationalPortalTests
{
    private static readonly Dictionary<string, decimal> Bars = new(StringComparer.Ordinal)
    {
        ["CKMB"] = 15m, ["TDGQ"] = 17.5m, ["CLGQ"] = 9m, ["TTTT"] = 6.25m, ["MDSH"] = 14m, ["MDHL"] = 16m,
    };

    [Fact]
    public void Options_are_off_without_a_base_url_and_need_our_province_id_with_one()
    {
        var validator = new NationalPortalOptionsValidator();
        Assert.True(validator.Validate(null, new NationalPortalOptions()).Succeeded);
        Assert.False(new NationalPortalOptions().Enabled);
        Assert.True(validator.Validate(null, new NationalPortalOptions { BaseUrl = "https://dichvucong.gov.vn" }).Failed);
        Assert.True(validator.Validate(null, new NationalPortalOptions { BaseUrl = "ftp://x", ProvinceId = "p" }).Failed);
        Assert.True(validator.Validate(null, new NationalPortalOptions { BaseUrl = "https://dichvucong.gov.vn", ProvinceId = "p", Schedule = "0 0 19 * *" }).Failed);
        Assert.True(validator.Validate(null, new NationalPortalOptions { BaseUrl = "https://dichvucong.gov.vn", ProvinceId = "p" }).Succeeded);
    }

    [Fact]
    public void Default_schedule_is_daily_at_02_00_vietnam_time()
    {
        var next = CrontabSchedule.Parse(NationalPortalOptions.DefaultSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            .GetNextOccurrence(new DateTime(2026, 11, 18, 3, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 2, 0, 0, TimeSpan.FromHours(7)), new DateTimeOffset(next, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(7)));
    }

    [Fact]
    public void The_table_maps_six_bars_to_five_groups_marks_our_department_and_ranks_equal_totals_together()
    {
        var rows = new[]
        {
            new PortalRow("a", "UBND tỉnh A", 77.75m, Bars),
            new PortalRow("b", "UBND tỉnh B", 77.75m, Bars),
            new PortalRow("c", "UBND tỉnh C", 60m, Bars.ToDictionary(kv => kv.Key, kv => kv.Value - 1m)),
        };

        var table = PortalReadJob.Table(rows, "b");

        Assert.Equal([1, 1, 3], table.Select(p => p.Rank));
        Assert.Equal("b", Assert.Single(table, p => p.IsSelf).DepartmentId);
        var a = table.Single(p => p.DepartmentId == "a");
        Assert.Equal(15m, a.Groups[Groups.Transparency]);
        Assert.Equal(17.5m, a.Groups[Groups.Progress]);
        Assert.Equal(15.25m, a.Groups[Groups.OnlineServices]); // CLGQ + TTTT
        Assert.Equal(14m, a.Groups[Groups.Digitisation]);
        Assert.Equal(16m, a.Groups[Groups.Satisfaction]);
        Assert.Equal(77.75m, a.Total);
        Assert.Equal(Bars, a.Bars);
    }

    [Fact]
    public void A_stored_portal_table_read_back_is_a_valid_upload()
    {
        var table = PortalReadJob.Table([new PortalRow("a", "UBND tỉnh A", 77.75m, Bars)], "a");
        var json = JsonSerializer.Serialize(new NationalRankingDocument("2026", "2026-11-18T02:00:00+07:00", table, NationalRankingStore.PortalSource), PipelineJson.Options);

        var parsed = NationalRankingParser.Parse(Encoding.UTF8.GetBytes(json), json: true, IndexRules.Default);

        Assert.Empty(parsed.Errors);
        Assert.Equal(table[0].Groups, parsed.Provinces!.Single().Groups);
    }

    [Fact]
    public void More_dossiers_received_at_the_portal_than_here_is_dossiers_the_portal_has_and_we_do_not()
    {
        var ours = Score(received: 100, handled: 80, onTime: 70);
        var figures = Reconciliation.Progress(ours, ours, Node(received: 104, onTime: 70, completed: 80), unsynced: 0).ToDictionary(f => f.Figure);

        Assert.Equal(-4, figures["progress.received"].Difference);
        Assert.Equal("portal-has-more", figures["progress.received"].Cause);
        Assert.Contains("4 hồ sơ", figures["progress.received"].Explanation, StringComparison.Ordinal);
        Assert.Equal("none", figures["progress.completed"].Cause);
    }

    [Fact]
    public void The_same_dossiers_counted_differently_is_a_rule_the_portal_applies_that_we_do_not()
    {
        var ours = Score(received: 100, handled: 80, onTime: 70);
        var figures = Reconciliation.Progress(ours, ours, Node(received: 100, onTime: 65, completed: 80), unsynced: 0).ToDictionary(f => f.Figure);

        Assert.Equal("portal-rule", figures["progress.onTime"].Cause);
        Assert.Equal(5, figures["progress.onTime"].Difference);
    }

    [Fact]
    public void A_gap_that_the_synced_dossiers_alone_close_is_explained_by_the_unsynced_ones()
    {
        var all = Score(received: 100, handled: 80, onTime: 70);
        var synced = Score(received: 97, handled: 78, onTime: 68);
        var figures = Reconciliation.Progress(all, synced, Node(received: 97, onTime: 68, completed: 78), unsynced: 3).ToDictionary(f => f.Figure);

        Assert.Equal("unsynced", figures["progress.received"].Cause);
        Assert.Equal("unsynced", figures["progress.onTime"].Cause);
        Assert.Equal("unsynced", figures["progress.completed"].Cause);
        Assert.Equal("none", figures["progress.overdue"].Cause); // 10 overdue either way
        Assert.Contains("3 hồ sơ", figures["progress.received"].Explanation, StringComparison.Ordinal);
    }

    private static UnitScore Score(long received, long handled, long onTime)
    {
        var tally = new Tally();
        tally[Counter.Received] = received;
        tally[Counter.Handled] = handled;
        tally[Counter.HandledOnTime] = onTime;
        tally[Counter.ProgressScope] = handled;
        tally[Counter.ProgressNotOverdue] = onTime;
        return new UnitScore(new Unit("p", "Tỉnh P", UnitLevel.Province, null, false), tally, [IndicatorScore.Of(IndexRules.Default, "P1", onTime, handled)]);
    }

    private static PortalTreeNode Node(long received, long onTime, long completed) =>
        new("p", "UBND tỉnh P", received, onTime, completed - onTime, completed, null, null, null, 20m, null);
}
