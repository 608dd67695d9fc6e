using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class QueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_and_applies_once_redriven_after_the_fix()
    {
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), settings: new Dictionary<string, string?>
        {
            ["Pipeline:MaxDequeueCount"] = "2",
            ["Pipeline:QueueVisibilityTimeout"] = "00:00:01",
        });
        await harness.Storage.EnsureCreatedAsync(CancellationToken.None);
        const string blob = "2024/04/10/000000000001-00000000.json";
        await harness.Storage.Changes.SendMessageAsync(new WorkMessage(blob, 0, 1).ToBinaryData());

        await harness.DrainAsync(); // the page is missing from the archive: every delivery fails

        Assert.Equal(1, await harness.Poison.CountAsync(CancellationToken.None));
        var item = Pipelines.Items(Records.Unit("qna", 1, null))[0];
        await harness.Storage.Archive.GetBlobClient(blob).UploadAsync(BinaryData.FromString($$"""{"items":[{{item}}],"next":"c1","hasMore":false}"""));
        Assert.Equal(1, await harness.Poison.RedriveAsync(10, CancellationToken.None));
        await harness.DrainAsync();

        Assert.Equal(0, await harness.Poison.CountAsync(CancellationToken.None));
        Assert.Equal(1, (await harness.Status.GetAsync()).RecordsApplied);
    }

    [Fact]
    public async Task Messages_a_worker_holds_stay_invisible_to_other_workers_past_their_visibility_timeout()
    {
        var feed = RecordGenerator.Generate(seed: 91, dossiers: 8000, feedback: 300, malformedRate: 0);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        var perMessage = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{feed.Items.Count / 30 + 1}"); // 30 messages, one per page
        var settings = new Dictionary<string, string?>
        {
            ["Pipeline:QueueVisibilityTimeout"] = "00:00:01",
            ["Pipeline:BatchSize"] = perMessage,
            ["Feed:PageSize"] = perMessage,
        };
        await using var holder = PipelineHarness.Create(azurite, prefix, server.BaseUrl, settings: settings);
        await using var other = PipelineHarness.Create(azurite, prefix, server.BaseUrl, settings: settings);
        await holder.Pull.RunAsync(null, CancellationToken.None);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var holding = holder.Worker.ProcessBatchAsync(32, CancellationToken.None);
        var stolen = 0;
        while (!holding.IsCompleted)
        {
            stolen += await other.Worker.ProcessBatchAsync(32, CancellationToken.None);
            await Task.Delay(100);
        }

        var held = await holding;
        Assert.True(started.Elapsed > TimeSpan.FromSeconds(1.5), $"the batch took {started.Elapsed}: too short to outlast the 1-s visibility timeout");
        Assert.Equal(30, held);
        Assert.Equal(0, stolen);
        Assert.Equal(0, await other.Worker.ProcessBatchAsync(32, CancellationToken.None)); // every message deleted once applied
    }
}
