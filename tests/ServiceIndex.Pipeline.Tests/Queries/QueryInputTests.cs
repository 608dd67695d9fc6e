using System.Text;
using Microsoft.Extensions.Time.Testing;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Pipeline.Tests.Queries;

public sealed class QueryInputTests
{
    [Fact]
    public void Without_a_period_the_current_Vietnamese_month_is_meant()
    {
        // 2024-04-30 18:00 UTC is already 1 May in Vietnam.
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 4, 30, 18, 0, 0, TimeSpan.Zero));

        Assert.True(QueryInput.TryPeriod(null, time, out var period, out _));
        Assert.Equal("2024-05", period.Label);
    }

    [Theory]
    [InlineData("city", false)]
    [InlineData("District", false)]
    [InlineData("commune", true)]
    [InlineData("", true)]
    public void Levels_are_the_four_wire_names(string level, bool valid)
    {
        Assert.Equal(valid, QueryInput.TryLevel(level, out _, out var problem));
        Assert.Equal(valid, problem is null);
    }

    [Theory]
    [InlineData("07", 7, true)]
    [InlineData(" 7", 0, false)]
    [InlineData("+7", 0, false)]
    [InlineData("1e3", 0, false)]
    [InlineData("99999999999", 0, false)]
    public void Numbers_are_plain_digits_within_bounds(string text, int expected, bool valid)
    {
        Assert.Equal(valid, QueryInput.TryInt(text, "days", 1, 60, 3, out var value, out var problem));
        if (valid)
        {
            Assert.Equal(expected, value);
        }
        else
        {
            Assert.Equal((400, "Invalid days"), (problem!.Status, problem.Title));
        }
    }

    [Fact]
    public void The_admin_key_is_compared_whole()
    {
        Assert.Equal(AdminAccess.Missing, AdminCredentials.Check(null, "k"));
        Assert.Equal(AdminAccess.Missing, AdminCredentials.Check("", "k"));
        Assert.Equal(AdminAccess.Wrong, AdminCredentials.Check("k", null));
        Assert.Equal(AdminAccess.Wrong, AdminCredentials.Check("key", "key2"));
        Assert.Equal(AdminAccess.Wrong, AdminCredentials.Check("KEY", "key"));
        Assert.Equal(AdminAccess.Granted, AdminCredentials.Check("khóa-bí-mật", "khóa-bí-mật"));
    }

    [Fact]
    public void Rankings_share_ranks_on_equal_totals_and_break_ties_by_Vietnamese_name()
    {
        UnitScoreDocument U(string id, string name, decimal total) =>
            new(id, name, id == "qna" ? "province" : "district", "qna", total, Ratings.Of(total), new Dictionary<string, decimal>(), new Dictionary<string, IndicatorDocument>());
        var document = new ScoreDocument(PeriodInfo.Of(Period.Month(2024, 4)), "2024-04-30T23:59:59+07:00",
            [U("qna", "Tỉnh", 90), U("z", "Đại Lộc", 80), U("y", "Duy Xuyên", 80), U("x", "Bắc Trà My", 85), U("w", "Điện Bàn", 70)]);

        var ranking = RankingsHandler.Rank(document, "district");

        Assert.Equal(["Bắc Trà My", "Duy Xuyên", "Đại Lộc", "Điện Bàn"], ranking.Units.Select(u => u.Name));
        Assert.Equal([1, 2, 2, 4], ranking.Units.Select(u => u.Rank));
    }

    [Fact]
    public void Each_unit_carries_its_rank_in_every_group_with_ties_sharing_a_rank()
    {
        UnitScoreDocument U(string id, decimal total, decimal progress, decimal digitisation) =>
            new(id, id, "district", "qna", total, Ratings.Of(total),
                Groups.All.ToDictionary(g => g, g => g == Groups.Progress ? progress : g == Groups.Digitisation ? digitisation : 10m),
                new Dictionary<string, IndicatorDocument>());
        var document = new ScoreDocument(PeriodInfo.Of(Period.Month(2024, 4)), "2024-04-30T23:59:59+07:00",
            [U("a", 80, 18.5m, 12m), U("b", 79, 19.25m, 12m), U("c", 78, 18.5m, 20m), U("d", 77, 15m, 12m)]);

        var ranks = RankingsHandler.Rank(document, "district").Units.ToDictionary(u => u.UnitId, u => u.GroupRanks!);

        Assert.Equal([2, 1, 2, 4], new[] { "a", "b", "c", "d" }.Select(id => ranks[id][Groups.Progress]));
        Assert.Equal([2, 2, 1, 2], new[] { "a", "b", "c", "d" }.Select(id => ranks[id][Groups.Digitisation]));
        Assert.All(ranks.Values, r => Assert.Equal(1, r[Groups.Transparency]));
    }

    [Fact]
    public void The_CSV_quotes_what_needs_quoting_and_defuses_formulas()
    {
        var item = new LateDossier("id,1", "=1+1", "u", "UBND xã \"Tam\" Kỳ", "p", "Thủ tục\nhai dòng", "dat-dai",
            "2024-01-01T00:00:00+07:00", "2024-01-02T00:00:00+07:00", null, "processing", true, 5);
        var response = new LateDossiersResponse(PeriodInfo.Of(Period.Month(2024, 1)), "x", 1, 0, 100, [item]);

        var bytes = LateDossiersCsv.Render(response);
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.EndsWith("\"id,1\",'=1+1,u,\"UBND xã \"\"Tam\"\" Kỳ\",p,\"Thủ tục\nhai dòng\",dat-dai,2024-01-01T00:00:00+07:00,2024-01-02T00:00:00+07:00,,processing,true,5,false,0\r\n",
            text, StringComparison.Ordinal);
    }
}
