using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Feed_pulled_and_applied_by_four_workers_scores_every_unit_and_period_exactly_as_the_offline_score_book()
    {
        var feed = RecordGenerator.Generate(seed: 7, dossiers: 500, feedback: 60);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using var puller = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        var workers = Enumerable.Range(0, 4).Select(_ => PipelineHarness.Create(azurite, prefix, server.BaseUrl)).ToList();
        try
        {
            var pull = await puller.Pull.RunAsync(null, CancellationToken.None);
            Assert.Equal(PullStatus.Completed, pull.Status);
            Assert.True(pull.CaughtUp);
            Assert.Equal(feed.Items.Count, pull.Items);

            await PipelineHarness.DrainAsync(workers);
            await puller.Refresher.RefreshAsync(CancellationToken.None);

            var periods = Expectations.Periods(new DateOnly(2023, 10, 1), feed.Now);
            Assert.Equal(12, periods.Count); // 7 months, 3 quarters, 2 years
            foreach (var period in periods)
            {
                var expected = Expectations.Book(feed.Valid, period, feed.Now);
                Expectations.SameUnits(expected, await puller.Scores.GetAsync(period));
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
