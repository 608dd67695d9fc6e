using ServiceIndex.Pipeline.Diagnostics;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>A run interrupted at each step and resumed ends in the same state: nothing lost, nothing counted twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashSafetyTests(AzuriteFixture azurite)
{
    private static readonly DateOnly FirstMonth = new(2023, 10, 1);

    [Theory]
    [InlineData(FaultInjection.Archived)]
    [InlineData(FaultInjection.Enqueued)]
    public async Task A_pull_that_crashes_after_a_step_of_a_page_reads_the_page_again_and_ends_in_the_same_state(string point)
    {
        var feed = RecordGenerator.Generate(seed: 11, dossiers: 250, feedback: 30);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl,
            settings: new Dictionary<string, string?> { ["Feed:PageSize"] = "100", ["Pipeline:BatchSize"] = "40" });
        var hits = 0;
        harness.Faults.OnPoint = p =>
        {
            if (p == point && ++hits == 3)
            {
                throw new InvalidOperationException("Simulated crash at " + p);
            }
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Pull.RunAsync(null, CancellationToken.None));
        var stored = await CheckpointItemsAsync(harness);
        Assert.Equal(200, stored); // the third page was not checkpointed: it will be read again

        await Pipelines.RunToEndAsync(harness);

        await Pipelines.AssertEndStateAsync(harness, feed, FirstMonth);
    }

    [Fact]
    public async Task An_apply_that_crashes_between_ledger_transactions_is_redelivered_and_ends_in_the_same_state()
    {
        var feed = RecordGenerator.Generate(seed: 12, dossiers: 250, feedback: 30);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl,
            settings: new Dictionary<string, string?> { ["Pipeline:QueueVisibilityTimeout"] = "00:00:01" });
        var commits = 0;
        harness.Faults.OnPoint = p =>
        {
            if (p == FaultInjection.Committed && Interlocked.Increment(ref commits) is 5 or 23 or 40)
            {
                throw new InvalidOperationException("Simulated crash after a committed transaction");
            }
        };

        await Pipelines.RunToEndAsync(harness);

        Assert.True(commits > 40);
        await Pipelines.AssertEndStateAsync(harness, feed, FirstMonth);
    }

    [Fact]
    public async Task A_work_message_applied_twice_counts_once()
    {
        var feed = RecordGenerator.Generate(seed: 13, dossiers: 120, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await harness.Pull.RunAsync(null, CancellationToken.None);
        var received = await harness.Storage.Changes.ReceiveMessagesAsync(32);
        var messages = received.Value.Select(m => WorkMessage.Parse(m.Body)).ToList();

        var first = ApplyResult.Empty;
        var second = ApplyResult.Empty;
        foreach (var message in messages)
        {
            first += await harness.Apply.HandleAsync(message, CancellationToken.None);
        }

        foreach (var message in messages)
        {
            second += await harness.Apply.HandleAsync(message, CancellationToken.None);
        }

        Assert.True(first.Applied > 0);
        Assert.Equal(0, second.Applied);
        Assert.Equal(0, second.Transactions);
        var ledger = await Expectations.ReadLedgerAsync(harness.Storage);
        Assert.Empty(ledger.DifferencesFrom(Expectations.Ledger(feed.Valid, harness.Options.BucketCount)));
    }

    private static async Task<long> CheckpointItemsAsync(PipelineHarness harness) =>
        (await harness.Status.GetAsync()).ItemsPulled;
}
