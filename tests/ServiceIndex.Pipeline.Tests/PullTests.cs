using Azure.Storage.Blobs.Specialized;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class PullTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_second_puller_skips_while_another_holds_the_pull_lease()
    {
        var feed = RecordGenerator.Generate(seed: 51, dossiers: 20, feedback: 2);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await harness.Storage.EnsureCreatedAsync(CancellationToken.None);
        var lease = harness.Storage.Leases.GetBlobClient(StorageNames.PullLease);
        await lease.UploadAsync(BinaryData.Empty, overwrite: true);
        var other = lease.GetBlobLeaseClient();
        await other.AcquireAsync(TimeSpan.FromSeconds(15));

        var skipped = await harness.Pull.RunAsync(null, CancellationToken.None);
        await other.ReleaseAsync();
        var pulled = await harness.Pull.RunAsync(null, CancellationToken.None);

        Assert.Equal(PullStatus.Skipped, skipped.Status);
        Assert.Equal(0, server.Requests - pulled.Pages);
        Assert.Equal(PullStatus.Completed, pulled.Status);
    }

    [Fact]
    public async Task Two_pullers_started_together_read_each_page_once()
    {
        var feed = RecordGenerator.Generate(seed: 52, dossiers: 100, feedback: 5);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using var one = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await using var two = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await one.Storage.EnsureCreatedAsync(CancellationToken.None);

        var results = await Task.WhenAll(one.Pull.RunAsync(null, CancellationToken.None), two.Pull.RunAsync(null, CancellationToken.None));

        Assert.Contains(results, r => r.Status == PullStatus.Skipped);
        Assert.Equal(feed.Items.Count, results.Sum(r => r.Items));
    }

    [Fact]
    public async Task The_cursor_never_moves_past_a_page_that_could_not_be_read_and_stored()
    {
        var feed = RecordGenerator.Generate(seed: 53, dossiers: 150, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl,
            settings: new Dictionary<string, string?> { ["Feed:PageSize"] = "100", ["Feed:MaxRetries"] = "2" });
        server.Faults = (_, after) => after == "c200" ? new FeedFault.ServerError() : null;

        var failed = await harness.Pull.RunAsync(null, CancellationToken.None);
        var status = await harness.Status.GetAsync();
        var archived = await ArchivedPagesAsync(harness);

        Assert.Equal(PullStatus.Failed, failed.Status);
        Assert.Equal("c200", status.Cursor);
        Assert.Equal(2, archived);
        Assert.False(status.CaughtUp);
        Assert.NotNull(status.LastError);

        server.Faults = null;
        var resumed = await harness.Pull.RunAsync(null, CancellationToken.None);
        Assert.Equal(PullStatus.Completed, resumed.Status);
        Assert.Equal(feed.Items.Count - 200, resumed.Items);
        Assert.Equal($"c{feed.Items.Count}", (await harness.Status.GetAsync()).Cursor);
    }

    [Fact]
    public async Task New_changes_at_the_head_of_the_feed_are_read_by_the_next_pull_and_scored()
    {
        var feed = RecordGenerator.Generate(seed: 54, dossiers: 120, feedback: 10);
        var half = feed.Items.Count / 2;
        await using var server = await TestFeedServer.StartAsync(feed.Items.Take(half));
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await Pipelines.RunToEndAsync(harness);

        server.Append(feed.Items.Skip(half));
        var next = await harness.Pull.RunAsync(null, CancellationToken.None);
        await harness.DrainAsync();
        await harness.Refresher.RefreshAsync(CancellationToken.None);

        Assert.Equal(feed.Items.Count - half, next.Items);
        await Pipelines.AssertEndStateAsync(harness, feed, new DateOnly(2023, 10, 1));
    }

    [Fact]
    public async Task Status_reports_the_pipeline_caught_up_with_what_it_applied_and_rejected()
    {
        var feed = RecordGenerator.Generate(seed: 55, dossiers: 100, feedback: 10, malformedRate: 0.03);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await harness.Pull.RunAsync(null, CancellationToken.None);
        var queued = await harness.Status.GetAsync();
        await harness.DrainAsync();
        var drained = await harness.Status.GetAsync();
        await harness.Refresher.RefreshAsync(CancellationToken.None);

        var status = await harness.Status.GetAsync();

        Assert.False(queued.CaughtUp);
        Assert.True(queued.QueuedMessages > 0);
        Assert.False(drained.CaughtUp); // applied, but the scores do not include it yet
        Assert.True(status.CaughtUp);
        Assert.Equal(0, status.QueuedMessages);
        Assert.Equal(feed.Now, status.LastPullAt);
        Assert.Equal(feed.Malformed, status.DeadLetters);
        Assert.Equal(feed.Newest.Count, status.RecordsStored);
        Assert.InRange(status.RecordsApplied, feed.Newest.Count, feed.Valid.Count);
        Assert.Equal($"c{feed.Items.Count}", status.Cursor);
        Assert.Equal(feed.Items.Count, status.ItemsPulled);
    }

    private static async Task<int> ArchivedPagesAsync(PipelineHarness harness)
    {
        var n = 0;
        await foreach (var _ in harness.Storage.Archive.GetBlobsAsync())
        {
            n++;
        }

        return n;
    }
}
