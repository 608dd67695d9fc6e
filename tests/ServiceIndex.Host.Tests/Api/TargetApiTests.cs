using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Host.Tests.Api;

[Collection(ApiHostCollection.Name)]
public sealed class TargetApiTests(ApiHost host)
{
    private static readonly IndexRules Rules = IndexRules.Default;

    [Fact]
    public async Task Without_a_national_ranking_every_group_lists_what_its_points_cost()
    {
        var period = host.CurrentMonth.Label;
        var target = await host.GetJsonAsync($"api/target?period={period}");
        var province = (await host.GetAsync<ScoreDocument>($"api/scores?period={period}&unitId=qna")).Units.Single();

        Assert.False(target.GetProperty("rankingImported").GetBoolean());
        Assert.Equal(JsonValueKind.Null, target.GetProperty("twentiethTotal").ValueKind);
        Assert.Equal(province.Total, target.GetProperty("total").GetDecimal());
        var groups = target.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(Groups.All, groups.Select(g => g.GetProperty("group").GetString()));
        var actions = 0;
        foreach (var group in groups)
        {
            Assert.Equal(JsonValueKind.Null, group.GetProperty("twentieth").ValueKind);
            Assert.Equal(JsonValueKind.Null, group.GetProperty("gap").ValueKind);
            Assert.Equal(province.Groups[group.GetProperty("group").GetString()!], group.GetProperty("points").GetDecimal());
            var list = group.GetProperty("actions").EnumerateArray().ToList();
            var perItem = list.Select(a => a.GetProperty("pointsGained").GetDecimal() / a.GetProperty("count").GetInt64()).ToList();
            for (var i = 1; i < perItem.Count; i++)
            {
                Assert.True(perItem[i - 1] >= perItem[i] - 0.005m, "cheapest points first"); // pointsGained is rounded to 2 decimals
            }

            foreach (var action in list.Where(a => a.GetProperty("effect").GetString() == "this-period"))
            {
                // Without a gap, a step earns everything its indicator still loses, with the fewest items that do.
                var code = action.GetProperty("indicator").GetString()!;
                var indicator = province.Indicators[code];
                var factor = indicator.Factor ?? 1m; // O3: weighted by T4's ratio
                var count = action.GetProperty("count").GetInt64();
                Assert.Equal(Rules[code].Max, Rules.Points(code, indicator.Numerator + count, indicator.Denominator, factor));
                Assert.True(Rules.Points(code, indicator.Numerator + count - 1, indicator.Denominator, factor) < Rules[code].Max);
                Assert.Equal(Output.Round(Rules[code].Max - Rules.Points(code, indicator.Numerator, indicator.Denominator, factor)),
                    action.GetProperty("pointsGained").GetDecimal());
                Assert.Contains(count.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")), action.GetProperty("description").GetString(), StringComparison.Ordinal);
                actions++;
            }
        }

        Assert.True(actions >= 3, "the simulated province loses points on several indicators");
        var digitisation = groups.Single(g => g.GetProperty("group").GetString() == Groups.Digitisation).GetProperty("actions").EnumerateArray().ToList();
        Assert.NotEmpty(digitisation);
        Assert.All(digitisation, a => Assert.Contains(" thêm ", a.GetProperty("description").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_imported_ranking_each_group_has_the_20th_province_the_gap_and_the_fewest_items_that_close_it()
    {
        var period = host.PreviousMonth;
        var province = (await host.GetAsync<ScoreDocument>($"api/scores?period={period.Label}&unitId=qna")).Units.Single();
        // 25 other provinces just above and below us in every group, so that several groups have a gap.
        var others = Enumerable.Range(1, 25).Select(i => (Name: $"Tỉnh thứ {i}", Groups: Groups.All.ToDictionary(g => g,
            g => Math.Clamp(Math.Round(province.Groups[g] + 1.5m - (0.05m * i), 2), 0, Rules.MaxOfGroup(g))))).ToList();
        var csv = new StringBuilder("province,transparency,progress,onlineServices,digitisation,satisfaction,isSelf\n");
        csv.Append(CultureInfo.InvariantCulture, $"Quảng Nam,1,1,1,1,1,true\n");
        foreach (var (name, groups) in others)
        {
            csv.Append(name).Append(',').AppendJoin(',', Groups.All.Select(g => groups[g].ToString(CultureInfo.InvariantCulture))).Append(",\n");
        }

        using var import = await host.AdminAsync(HttpMethod.Put, $"api/admin/national-ranking?period={period.Label}",
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        var target = await host.GetJsonAsync($"api/target?period={period.Label}");

        Assert.True(target.GetProperty("rankingImported").GetBoolean());
        Assert.Equal(period.Label, target.GetProperty("rankingPeriod").GetString());
        Assert.Equal(26, target.GetProperty("provinces").GetInt32());
        var totals = others.Select(o => o.Groups.Values.Sum()).OrderByDescending(t => t).ToList();
        Assert.Equal(totals[19], target.GetProperty("twentiethTotal").GetDecimal());
        Assert.Equal(1 + totals.Count(t => t > province.Total), target.GetProperty("rank").GetInt32());
        var gaps = 0;
        foreach (var group in target.GetProperty("groups").EnumerateArray())
        {
            var name = group.GetProperty("group").GetString()!;
            var twentieth = others.Select(o => o.Groups[name]).OrderByDescending(v => v).ElementAt(19);
            var gap = Math.Max(0, twentieth - province.Groups[name]);
            Assert.Equal(twentieth, group.GetProperty("twentieth").GetDecimal());
            Assert.Equal(gap, group.GetProperty("gap").GetDecimal());
            if (gap == 0)
            {
                continue;
            }

            gaps++;
            foreach (var action in group.GetProperty("actions").EnumerateArray().Where(a => a.GetProperty("effect").GetString() == "this-period"))
            {
                var code = action.GetProperty("indicator").GetString()!;
                var (n, d, f) = (province.Indicators[code].Numerator, province.Indicators[code].Denominator, province.Indicators[code].Factor ?? 1m);
                var now = Rules.Points(code, n, d, f);
                var count = action.GetProperty("count").GetInt64();
                var wanted = Math.Min(gap, Rules[code].Max - now);
                Assert.True(Rules.Points(code, n + count, d, f) - now >= wanted, $"{code}: {count} items must gain {wanted}");
                Assert.True(Rules.Points(code, n + count - 1, d, f) - now < wanted, $"{code}: {count - 1} items must not be enough");
            }
        }

        Assert.True(gaps > 0);
    }
}
