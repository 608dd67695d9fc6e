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
    public async Task A_refresh_stops_folding_when_its_time_is_spent_and_the_next_refreshes_fold_the_rest()
    {
        var feed = RecordGenerator.Generate(seed: 85, dossiers: 300, feedback: 30);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl,
            settings: new Dictionary<string, string?> { ["Pipeline:CompactAfter"] = "1", ["Feed:PageSize"] = "50", ["Pipeline:BatchSize"] = "50" });
        await harness.Pull.RunAsync(null, CancellationToken.None);
        await harness.DrainAsync();

        harness.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(400); // each clock reading spends 0.4 s of the 1 s a refresh may fold for
        var first = await harness.Refresher.RefreshAsync(CancellationToken.None);
        harness.Time.AutoAdvanceAmount = TimeSpan.Zero;
        var second = await harness.Refresher.RefreshAsync(CancellationToken.None);

        Assert.InRange(first.DeltasCompacted, 1, first.DeltasRead - 1);
        Assert.Equal(first.DeltasRead - first.DeltasCompacted, second.DeltasCompacted);
        await Pipelines.AssertEndStateAsync(harness, feed, new DateOnly(2023, 10, 1));
    }

    [Fact]
    public async Task Two_processes_folding_in_turn_with_remembered_tallies_keep_the_month_totals_exact()
    {
        var feed = RecordGenerator.Generate(seed: 83, dossiers: 300, feedback: 30);
        var third = feed.Items.Count / 3;
        await using var server = await TestFeedServer.StartAsync(feed.Items.Take(third));
        var prefix = azurite.NewPrefix();
        await using var first = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await using var second = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await Pipelines.RunToEndAsync(first);
        await second.Refresher.RefreshAsync(CancellationToken.None); // both now remember every tally row

        server.Append(feed.Items.Skip(third).Take(third));
        await Pipelines.RunToEndAsync(first);
        await first.Refresher.RefreshAsync(compactAll: true, CancellationToken.None); // the second's copy is now stale
        server.Append(feed.Items.Skip(2 * third));
        await Pipelines.RunToEndAsync(second);
        await second.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);
        await second.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);
        await first.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);

        await Pipelines.AssertEndStateAsync(second, feed, new DateOnly(2023, 10, 1));
        await Pipelines.AssertEndStateAsync(first, feed, new DateOnly(2023, 10, 1));
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
