using System.Net;
using System.Text.Json;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Host.Tests.Api;

[Collection(ApiHostCollection.Name)]
public sealed class ScoresApiTests(ApiHost host)
{
    [Fact]
    public async Task Scores_of_the_province_and_a_commune_equal_Cores_offline_score_book()
    {
        var month = host.PreviousMonth;
        var expected = ScoreDelta.Apply(host.Book(month, host.Now).Document(), host.Book(month.Previous(), host.Now).Document());
        var commune = expected.Units.First(u => u.Level == "commune" && u.Indicators["P1"].Denominator > 0);

        foreach (var unitId in new[] { "qna", commune.UnitId })
        {
            var served = await host.GetAsync<ScoreDocument>($"api/scores?period={month.Label}&unitId={unitId}");

            Assert.Equal(PeriodInfo.Of(month), served.Period);
            Assert.Equal(Json(expected.Units.Single(u => u.UnitId == unitId)), Json(served.Units.Single()));
        }
    }

    [Fact]
    public async Task A_custom_day_range_is_scored_from_the_records_like_the_offline_book()
    {
        var range = Period.Range(host.Today.AddDays(-40), host.Today.AddDays(-3));
        var expected = host.Book(range, host.Now).Document();

        var served = await host.GetAsync<ScoreDocument>($"api/scores?period={ApiHost.Label(range)}");

        Assert.Equal(expected.Units.Select(Json), served.Units.Select(Json));
        Assert.Equal(Rfc3339.Format(VietnamTime.ToVietnam(range.LastSecond)), served.AsOf);
    }

    [Fact]
    public async Task Every_unit_is_served_in_hierarchy_order_and_filters_keep_a_level_or_one_unit()
    {
        var all = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}");
        var units = await host.GetAsync<JsonElement>("api/units");
        var districts = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}&level=district");
        var one = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}&unitId=qna&level=province");
        var none = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}&unitId=qna&level=commune");

        Assert.Equal(units.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unitId").GetString()), all.Units.Select(u => u.UnitId));
        Assert.Equal(all.Units.Where(u => u.Level == "district").Select(u => u.UnitId), districts.Units.Select(u => u.UnitId));
        Assert.NotEmpty(districts.Units);
        Assert.Equal("qna", one.Units.Single().UnitId);
        Assert.Empty(none.Units);
        Assert.All(all.Units, u => Assert.Equal(Groups.All, u.Groups.Keys));
        Assert.All(all.Units, u => Assert.Equal(IndexRules.Codes, u.Indicators.Keys));
    }

    [Fact]
    public async Task Without_a_period_the_current_month_is_served()
    {
        var served = await host.GetAsync<ScoreDocument>("api/scores?unitId=qna");

        Assert.Equal(host.CurrentMonth.Label, served.Period.Label);
        Assert.Equal("Tỉnh Quảng Nam", served.Units.Single().Name);
    }

    [Fact]
    public async Task A_period_that_was_never_scored_is_a_404_problem()
    {
        using var response = await host.GetAsync("api/scores?period=2001-05");

        await Problems.AssertAsync(response, HttpStatusCode.NotFound, "2001-05");
    }

    [Fact]
    public async Task Rankings_sort_a_level_by_total_and_equal_totals_share_a_rank()
    {
        var ranking = await host.GetJsonAsync($"api/rankings?period={host.PreviousMonth.Label}&level=commune");
        var units = ranking.GetProperty("units").EnumerateArray().ToList();
        var scores = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}&level=commune");

        Assert.Equal("commune", ranking.GetProperty("level").GetString());
        Assert.Equal(scores.Units.Count, units.Count);
        var totals = units.Select(u => u.GetProperty("total").GetDecimal()).ToList();
        Assert.Equal(totals.OrderByDescending(t => t), totals);
        for (var i = 0; i < units.Count; i++)
        {
            Assert.Equal(1 + totals.Count(t => t > totals[i]), units[i].GetProperty("rank").GetInt32());
            Assert.Equal(Groups.All, units[i].GetProperty("groups").EnumerateObject().Select(g => g.Name));
        }
    }

    [Fact]
    public async Task Units_list_parents_before_children_with_their_depth()
    {
        var units = (await host.GetJsonAsync("api/units")).GetProperty("units").EnumerateArray().ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        Assert.Equal("qna", units[0].GetProperty("unitId").GetString());
        foreach (var u in units)
        {
            var parent = u.GetProperty("parentId").GetString();
            var depth = u.GetProperty("depth").GetInt32();
            Assert.Equal(parent is null ? 0 : seen[parent] + 1, depth);
            Assert.True(WireNames.TryParseLevel(u.GetProperty("level").GetString(), out _));
            seen[u.GetProperty("unitId").GetString()!] = depth;
        }

        Assert.Contains(units, u => u.GetProperty("name").GetString()!.StartsWith("UBND xã", StringComparison.Ordinal));
    }

    private static string Json(UnitScoreDocument unit) => JsonSerializer.Serialize(unit, ScoreJson.Options);
}
