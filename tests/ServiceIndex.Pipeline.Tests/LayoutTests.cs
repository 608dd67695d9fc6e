using Azure.Data.Tables;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class LayoutTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_ledger_refuses_a_bucket_count_other_than_the_one_it_was_created_with()
    {
        var prefix = azurite.NewPrefix();
        await using (var first = PipelineHarness.Create(azurite, prefix, settings: new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "16" }))
        {
            await first.Storage.EnsureCreatedAsync(CancellationToken.None);
        }

        await using var other = PipelineHarness.Create(azurite, prefix, settings: new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "8" });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => other.Refresher.RefreshAsync(CancellationToken.None));
        Assert.Contains("16 buckets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_written_with_one_table_for_every_bucket_is_refused_not_read_as_empty()
    {
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix());
        var state = harness.Storage.PipelineState;
        await state.CreateIfNotExistsAsync();
        await state.AddEntityAsync(new TableEntity(PipelineStorage.LayoutPartition, PipelineStorage.LayoutRow)
        {
            ["BucketCount"] = harness.Options.BucketCount, // the earlier layout: no "Tables"
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Refresher.RefreshAsync(CancellationToken.None));
        Assert.Contains("one table per bucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_bucket_is_stored_in_its_own_table_holding_only_its_partition()
    {
        var feed = RecordGenerator.Generate(seed: 31, dossiers: 80, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl,
            settings: new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "4" });

        await Pipelines.RunToEndAsync(harness);

        for (var bucket = 0; bucket < 4; bucket++)
        {
            var partitions = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in harness.Storage.Ledger(bucket).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                partitions.Add(row.PartitionKey);
            }

            Assert.Equal([Ledger.LedgerKeys.Partition(bucket)], partitions);
        }

        Assert.Equal(["ledger00", "ledger01", "ledger02", "ledger03"], Enumerable.Range(0, 4).Select(StorageNames.LedgerTable));
    }
}
