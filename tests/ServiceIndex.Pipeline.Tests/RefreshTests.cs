using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class RefreshTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_refresh_that_finds_deltas_folded_by_another_process_reloads_and_stays_exact()
    {
        var feed = RecordGenerator.Generate(seed: 81, dossiers: 250, feedback: 20);
        var half = feed.Items.Count / 2;
        await using var server = await TestFeedServer.StartAsync(feed.Items.Take(half));
        var prefix = azurite.NewPrefix();
        await using var folding = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await using var lagging = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await Pipelines.RunToEndAsync(folding);
        await lagging.Refresher.RefreshAsync(CancellationToken.None);

        server.Append(feed.Items.Skip(half));
        await Pipelines.RunToEndAsync(folding);
        await folding.Refresher.RefreshAsync(compactAll: true, CancellationToken.None); // deletes deltas the other has not read
        var result = await lagging.Refresher.RefreshAsync(CancellationToken.None);

        Assert.True(result.FullReload);
        await Pipelines.AssertEndStateAsync(lagging, feed, new DateOnly(2023, 10, 1));
    }

    [Fact]
    public async Task A_refresh_with_nothing_new_rewrites_no_score_row()
    {
        var feed = RecordGenerator.Generate(seed: 82, dossiers: 100, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await Pipelines.RunToEndAsync(harness);

        var again = await harness.Refresher.RefreshAsync(CancellationToken.None);

        Assert.False(again.FullReload);
        Assert.Equal(0, again.DeltasRead);
        Assert.Equal(3, again.PeriodsScored); // the current month, quarter and year: time passes
        Assert.Equal(0, again.RowsWritten);
    }
}
