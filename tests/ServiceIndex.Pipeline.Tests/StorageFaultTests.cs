using Azure;
using Azure.Data.Tables;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>
/// The storage fault policy (<c>Storage:Faults</c>) against Azurite: each kind of fault is injected as the
/// service would produce it, the SDK's retries and our handlers survive it, and with faults off nothing is injected.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageFaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Without_a_fault_rate_no_policy_is_added_and_nothing_is_injected()
    {
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix());
        await harness.Storage.EnsureCreatedAsync(CancellationToken.None);
        await harness.Storage.Checkpoints.UpsertEntityAsync(new TableEntity("p", "r"));

        Assert.False(harness.StorageFaults.Enabled);
        Assert.Equal(0, harness.StorageFaults.Injected.Total);
    }

    [Theory]
    [InlineData("ServerBusy", 503)]
    [InlineData("InternalError", 500)]
    public async Task An_injected_server_error_reaches_the_caller_shaped_as_the_service_would_send_it_once_retries_are_spent(string kind, int status)
    {
        await using var harness = Faulty(kind, rate: 1, retries: 1);
        var table = harness.Storage.Table("faultprobe");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());

        Assert.Equal(status, error.Status);
        Assert.Contains(kind, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.StorageFaults.Injected.ByKind[Enum.Parse<StorageFaultKind>(kind)]); // the attempt and its one retry
    }

    [Fact]
    public async Task A_timeout_after_the_service_acted_leaves_the_write_done_though_the_caller_saw_a_failure()
    {
        var prefix = azurite.NewPrefix();
        await using (var clean = PipelineHarness.Create(azurite, prefix))
        {
            await clean.Storage.EnsureCreatedAsync(CancellationToken.None);
        }

        await using var harness = Faulty("TimeoutAfterSend", rate: 1, retries: 0, prefix);
        var table = harness.Storage.Checkpoints;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.AddEntityAsync(new TableEntity("p", "acted")));

        await using var reader = PipelineHarness.Create(azurite, prefix);
        Assert.True((await reader.Storage.Checkpoints.GetEntityIfExistsAsync<TableEntity>("p", "acted")).HasValue);
    }

    [Fact]
    public async Task An_etag_conflict_is_a_real_412_from_the_service_for_single_writes_and_for_batches()
    {
        var prefix = azurite.NewPrefix();
        TableEntity stored;
        await using (var clean = PipelineHarness.Create(azurite, prefix))
        {
            await clean.Storage.EnsureCreatedAsync(CancellationToken.None);
            await clean.Storage.Checkpoints.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 });
            stored = (await clean.Storage.Checkpoints.GetEntityAsync<TableEntity>("p", "r")).Value;
        }

        await using var harness = Faulty("EtagConflict", rate: 1, retries: 0, prefix);
        var table = harness.Storage.Checkpoints;

        var single = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace));
        var batch = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.UpdateReplace, stored, stored.ETag)]));

        Assert.Equal(412, single.Status);
        Assert.Equal(412, batch.Status);
        Assert.Equal(2, harness.StorageFaults.Injected.ByKind[StorageFaultKind.EtagConflict]);
    }

    [Fact]
    public async Task The_sdk_retries_absorb_a_few_percent_of_faults_of_every_kind()
    {
        await using var harness = Faulty(kind: null, rate: 0.1, retries: 5);
        var table = harness.Storage.Table("faultretry");
        await table.CreateIfNotExistsAsync();
        for (var i = 0; i < 60; i++)
        {
            await table.UpsertEntityAsync(new TableEntity("p", $"r{i:D3}"));
        }

        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>())
        {
            count++;
        }

        Assert.Equal(60, count);
        Assert.True(harness.StorageFaults.Injected.Total > 0);
    }

    [Fact]
    public async Task A_pipeline_whose_every_storage_call_may_fail_without_sdk_retries_still_reaches_the_offline_end_state()
    {
        var feed = RecordGenerator.Generate(seed: 17, dossiers: 300, feedback: 40, malformedRate: 0.03);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using var harness = Faulty(kind: null, rate: 0.02, retries: 0, prefix, server.BaseUrl, new Dictionary<string, string?>
        {
            ["Pipeline:MaxDequeueCount"] = "3",
            ["Pipeline:QueueVisibilityTimeout"] = "00:00:01",
        });

        // Keep pulling, applying, re-driving poison and refreshing until a pass meets no failure: what the timers,
        // the queue trigger and an operator do.
        // A lease whose release met a fault is held until it expires (15 s): passes wait for it, bounded by time.
        var redriven = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        for (var pass = 0; ; pass++)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the pipeline did not settle in {pass} passes");
            try
            {
                var pull = await harness.Pull.RunAsync(null, CancellationToken.None);
                if (pull is not { Status: PullStatus.Completed, CaughtUp: true })
                {
                    await Task.Delay(250);
                    continue;
                }

                await harness.DrainAsync();
                redriven += await harness.Poison.RedriveAsync(1000, CancellationToken.None);
                await harness.DrainAsync();
                if (await harness.Poison.CountAsync(CancellationToken.None) > 0)
                {
                    continue;
                }

                await harness.Refresher.RefreshAsync(CancellationToken.None);
                break;
            }
            catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
            {
                // an injected fault the caller saw: the timer runs again
                await Task.Delay(250);
            }
        }

        Assert.True(harness.StorageFaults.Injected.Total > 0);
        await using var reader = PipelineHarness.Create(azurite, prefix);
        await Pipelines.AssertEndStateAsync(reader, feed, new DateOnly(2023, 10, 1));
    }

    private PipelineHarness Faulty(string? kind, double rate, int retries, string? prefix = null, Uri? feed = null,
        IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Faults:Rate"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage:Faults:Seed"] = "7",
            ["Storage:Faults:ClientRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage:Faults:ClientRetryDelay"] = "00:00:00.010",
        };
        if (kind is not null)
        {
            settings["Storage:Faults:Kinds:0"] = kind;
        }

        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return PipelineHarness.Create(azurite, prefix ?? azurite.NewPrefix(), feed, settings: settings);
    }
}
