using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Host.Tests.Api;

[Collection(ApiHostCollection.Name)]
public sealed class TrajectoryApiTests(ApiHost host)
{
    [Fact]
    public async Task Each_days_point_equals_the_offline_score_as_of_that_days_end_for_several_units()
    {
        var month = host.CurrentMonth;
        var books = Enumerable.Range(0, host.Today.Day).Select(i => month.From.AddDays(i))
            .ToDictionary(d => d, d => host.Book(month, VietnamTime.LastSecondOf(d)).Document().Units.ToDictionary(u => u.UnitId));
        var commune = books[host.Today].Values.First(u => u.Level == "commune" && u.Indicators["P1"].Denominator > 0).UnitId;

        foreach (var unit in new[] { "qna", books[host.Today].Values.First(u => u.Level == "district").UnitId, commune })
        {
            var course = await host.GetAsync<TrajectoryResponse>($"api/trajectory?period={month.Label}&unitId={unit}");

            Assert.Equal(books.Keys.Select(Day), course.Points.Select(p => p.Day));
            decimal? before = null;
            foreach (var point in course.Points)
            {
                var expected = books[DateOnly.Parse(point.Day, System.Globalization.CultureInfo.InvariantCulture)][unit];
                Assert.Equal(expected.Total, point.Total);
                Assert.Equal(expected.Groups, point.Groups);
                Assert.Equal(before is { } b ? expected.Total - b : null, point.Change);
                before = expected.Total;
            }
        }
    }

    [Fact]
    public async Task A_day_on_which_a_deadline_passed_with_no_event_shows_the_loss_the_offline_score_shows()
    {
        var month = host.CurrentMonth;
        var last = host.Today.AddDays(-1);
        var dossiers = host.Records.Where(r => r.Data is DossierData).GroupBy(r => r.Id).Select(g => (DossierData)g.MaxBy(r => r.Version)!.Data).ToList();

        // An open dossier, no supplement, whose deadline passed on a closed day of the month, nothing else of it that day.
        var quiet = dossiers.Where(d => d.DueAt is { } due && d.Supplements.Count == 0 && VietnamTime.DayOf(due) is var day &&
                                        day > month.From && day <= last && VietnamTime.DayOf(d.ReceivedAt) < day &&
                                        (d.CompletedAt is null || VietnamTime.DayOf(d.CompletedAt.Value) > day))
            .OrderBy(d => d.DueAt).First();
        var dueDay = VietnamTime.DayOf(quiet.DueAt!.Value);
        var course = await host.GetAsync<TrajectoryResponse>($"api/trajectory?period={month.Label}&unitId={quiet.UnitId}");

        var point = course.Points.Single(p => p.Day == Day(dueDay));
        var expected = host.Book(month, VietnamTime.LastSecondOf(dueDay)).Document().Units.Single(u => u.UnitId == quiet.UnitId);
        var dayBefore = host.Book(month, VietnamTime.LastSecondOf(dueDay.AddDays(-1))).Document().Units.Single(u => u.UnitId == quiet.UnitId);
        Assert.Equal(expected.Groups, point.Groups);
        Assert.Equal(expected.Total - dayBefore.Total, point.Change);
        Assert.True(expected.Indicators["P1"].Numerator - expected.Indicators["P1"].Denominator <
                    dayBefore.Indicators["P1"].Numerator - dayBefore.Indicators["P1"].Denominator, "the dossier became overdue that day");
    }

    [Fact]
    public async Task A_custom_day_range_and_an_ended_month_follow_the_offline_score()
    {
        var range = Period.Range(host.Today.AddDays(-40), host.Today.AddDays(-30));
        foreach (var period in new[] { range, host.PreviousMonth })
        {
            var course = await host.GetAsync<TrajectoryResponse>($"api/trajectory?period={ApiHost.Label(period)}");

            Assert.Equal(period.To.DayNumber - period.From.DayNumber + 1, course.Points.Count);
            foreach (var point in course.Points.Where((_, i) => i % 5 == 0 || i == course.Points.Count - 1))
            {
                var day = DateOnly.Parse(point.Day, System.Globalization.CultureInfo.InvariantCulture);
                var expected = host.Book(period, VietnamTime.LastSecondOf(day)).Document().Units.Single(u => u.UnitId == "qna");
                Assert.Equal(expected.Total, point.Total);
                Assert.Equal(expected.Groups, point.Groups);
            }
        }
    }

    [Fact]
    public async Task Closed_days_are_scored_once_and_served_again_from_memory()
    {
        var period = Period.Range(host.Today.AddDays(-20), host.Today.AddDays(-10));
        var courses = host.Services.GetRequiredService<DayCourses>();

        var first = await host.GetAsync<TrajectoryResponse>($"api/trajectory?period={ApiHost.Label(period)}");
        var scored = courses.DaysScored;
        var again = await host.GetAsync<TrajectoryResponse>($"api/trajectory?period={ApiHost.Label(period)}&unitId=qna");

        Assert.Equal(scored, courses.DaysScored);
        Assert.Equal(first.Points.Select(p => (p.Day, p.Total)), again.Points.Select(p => (p.Day, p.Total)));
    }

    [Fact]
    public async Task Last_years_day_is_null_where_the_history_does_not_reach()
    {
        var course = await host.GetAsync<TrajectoryResponse>($"api/trajectory?period={host.CurrentMonth.Label}");

        Assert.Equal(Period.Month(host.Today.Year - 1, host.Today.Month).Label, course.PreviousYear.Label);
        Assert.NotEmpty(course.Points);
        Assert.All(course.Points, p => Assert.Null(p.LastYear));
    }

    [Fact]
    public async Task An_unknown_unit_is_a_400_problem()
    {
        using var response = await host.GetAsync("api/trajectory?unitId=atlantis");

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "'atlantis'");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
