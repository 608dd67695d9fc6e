using ServiceIndex.Pipeline.Handlers;
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
}
