using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using static ServiceIndex.Pipeline.Tests.Infrastructure.Pipelines;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>Time also changes scores: a deadline passing with no event turns open dossiers overdue.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeadlineTests(AzuriteFixture azurite)
{
    private static readonly Core.Records.ChangeRecord[] History =
    [
        Records.Unit("qna", 1, null),
        Records.Unit("qna-x1", 1, "qna"),
        Records.Procedure("p1", "qna-x1"),
        Records.Dossier("d1", 1, "qna-x1", Vn(2024, 4, 1), due: Vn(2024, 4, 12, 17)),
        Records.Dossier("d2", 1, "qna-x1", Vn(2024, 4, 2), due: Vn(2024, 4, 12, 17)),
        Records.Dossier("d3", 1, "qna-x1", Vn(2024, 4, 3), due: Vn(2024, 4, 25, 17)),
        Records.Dossier("d4", 1, "qna-x1", Vn(2024, 3, 20), due: Vn(2024, 4, 5, 17), completed: Vn(2024, 4, 4)),
    ];

    [Fact]
    public async Task A_deadline_passing_with_no_event_lowers_the_current_months_progress_score_at_the_next_refresh()
    {
        await using var server = await TestFeedServer.StartAsync(Items(History));
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await RunToEndAsync(harness);
        var april = Period.Month(2024, 4);
        Assert.Equal(20m, await ProgressAsync(harness, april));

        harness.Time.SetUtcNow(Vn(2024, 4, 13)); // d1 and d2 are now overdue; nothing arrived
        await harness.Refresher.RefreshAsync(CancellationToken.None);

        Assert.Equal(10m, await ProgressAsync(harness, april)); // 2 of 4 in scope still on time
        Expectations.SameUnits(Expectations.Book(History, april, harness.Time.GetUtcNow()), await harness.Scores.GetAsync(april));
        Expectations.SameUnits(Expectations.Book(History, Period.Quarter(2024, 2), harness.Time.GetUtcNow()),
            await harness.Scores.GetAsync(Period.Quarter(2024, 2)));
    }

    [Fact]
    public async Task The_nightly_recompute_tick_refreshes_the_current_period_for_deadlines_that_passed()
    {
        await using var server = await TestFeedServer.StartAsync(Items(History));
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await RunToEndAsync(harness);

        harness.Time.SetUtcNow(Vn(2024, 4, 26)); // d3's deadline passes too
        var result = await harness.Recompute.RunAsync(new RecomputeRequest(), CancellationToken.None);

        Assert.Equal(0, result.Differences);
        Assert.Equal(5m, await ProgressAsync(harness, Period.Month(2024, 4)));
    }

    private static async Task<decimal> ProgressAsync(PipelineHarness harness, Period period) =>
        (await harness.Scores.GetAsync(period, unitId: "qna"))!.Units.Single().Indicators["P1"].Points;
}
