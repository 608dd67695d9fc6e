using System.Net;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Host.Tests.Api;

[Collection(ApiHostCollection.Name)]
public sealed class ForecastApiTests(ApiHost host)
{
    [Fact]
    public async Task Every_units_score_at_the_period_end_equals_the_offline_score_as_of_its_last_second()
    {
        var month = host.CurrentMonth;
        var expected = host.Book(month, month.LastSecond).Document().Units.ToDictionary(u => u.UnitId);

        var forecast = await host.GetAsync<ForecastResponse>($"api/forecast?period={month.Label}");
        var today = await host.GetAsync<ScoreDocument>($"api/scores?period={month.Label}");

        Assert.Equal(Rfc3339.Format(VietnamTime.ToVietnam(month.LastSecond)), forecast.At);
        Assert.Equal(today.Units.Select(u => u.UnitId), forecast.Units.Select(u => u.UnitId));
        foreach (var unit in forecast.Units)
        {
            Assert.Equal(expected[unit.UnitId].Total, unit.AtEnd.Total);
            Assert.Equal(expected[unit.UnitId].Groups, unit.AtEnd.Groups);
            Assert.Equal(unit.AtEnd.Total - unit.Today.Total, unit.Change.Total);
            Assert.All(Groups.All, g => Assert.Equal(unit.AtEnd.Groups[g] - unit.Today.Groups[g], unit.Change.Groups[g]));
        }

        var province = forecast.Units.Single(u => u.UnitId == "qna");
        Assert.True(province.Change.Groups[Groups.Progress] < 0, "deadlines pass before the month ends: progress falls if nobody acts");
    }

    [Fact]
    public async Task The_listed_dossiers_are_exactly_those_the_period_end_counts_overdue_soonest_first()
    {
        var month = host.CurrentMonth;
        var now = host.Now;
        var forecast = await host.GetAsync<ForecastResponse>($"api/forecast?period={month.Label}&unitId=qna");
        var p1Now = host.Book(month, now).Document().Units.Single(u => u.UnitId == "qna").Indicators["P1"];
        var p1End = host.Book(month, month.LastSecond).Document().Units.Single(u => u.UnitId == "qna").Indicators["P1"];

        var actions = forecast.Actions!;
        Assert.Equal("qna", actions.UnitId);
        Assert.Equal(p1Now.Denominator, p1End.Denominator);
        Assert.Equal(p1Now.Numerator - p1End.Numerator, actions.Count); // each one is on time now and overdue at the end
        Assert.True(actions.Count > 0);
        var dues = actions.Dossiers.Select(d => Rfc3339.TryParse(d.DueAt, out var t) ? t : throw new FormatException(d.DueAt)).ToList();
        Assert.Equal(dues.Order(), dues);
        Assert.All(dues, d => Assert.InRange(d, now.AddMinutes(-1), month.LastSecond));
        var rules = IndexRules.Default;
        Assert.Equal(Output.Round(rules.Points("P1", p1End.Numerator + actions.Count, p1End.Denominator) - rules.Points("P1", p1End.Numerator, p1End.Denominator)),
            actions.PointsKept);
        Assert.Contains("Giải quyết trước hạn", actions.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_unit_is_served_alone_with_its_own_dossiers()
    {
        var month = host.CurrentMonth;
        var all = await host.GetAsync<ForecastResponse>($"api/forecast?period={month.Label}");
        var district = all.Units.First(u => u.Level == "district");

        var one = await host.GetAsync<ForecastResponse>($"api/forecast?period={month.Label}&unitId={district.UnitId}");

        Assert.Equal(district.UnitId, one.Units.Single().UnitId);
        Assert.Equal(district.AtEnd, one.Units.Single().AtEnd, new ScoreComparer());
        Assert.Equal(district.UnitId, one.Actions!.UnitId);
        Assert.True(one.Actions.Count <= all.Actions!.Count);
    }

    [Fact]
    public async Task An_ended_period_ends_where_it_stands()
    {
        var forecast = await host.GetAsync<ForecastResponse>($"api/forecast?period={host.PreviousMonth.Label}");

        Assert.All(forecast.Units, u => Assert.Equal(0m, u.Change.Total));
        Assert.Equal(0, forecast.Actions!.Count);
    }

    [Fact]
    public async Task An_unknown_unit_is_a_400_problem()
    {
        using var response = await host.GetAsync("api/forecast?unitId=atlantis");

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "'atlantis'");
    }

    private sealed class ScoreComparer : IEqualityComparer<ForecastScore>
    {
        public bool Equals(ForecastScore? x, ForecastScore? y) =>
            x is not null && y is not null && x.Total == y.Total && x.Groups.OrderBy(g => g.Key).SequenceEqual(y.Groups.OrderBy(g => g.Key));

        public int GetHashCode(ForecastScore obj) => obj.Total.GetHashCode();
    }
}
