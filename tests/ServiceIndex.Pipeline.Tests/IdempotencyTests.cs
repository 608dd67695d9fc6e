using Azure.Data.Tables;
using FsCheck;
using FsCheck.Xunit;
using ServiceIndex.Core.Feed;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class IdempotencyTests(AzuriteFixture azurite)
{
    private static readonly GeneratedFeed SmallFeed = RecordGenerator.Generate(seed: 21, dossiers: 30, feedback: 6, malformedRate: 0.05);

    [Fact]
    public async Task Replaying_the_archive_twice_changes_nothing()
    {
        var feed = RecordGenerator.Generate(seed: 17, dossiers: 250, feedback: 30);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await Pipelines.RunToEndAsync(harness);
        var ledger = await Expectations.ReadLedgerAsync(harness.Storage);
        var scores = await ScoreRowsAsync(harness);

        for (var replay = 1; replay <= 2; replay++)
        {
            var result = await harness.Replay.RunAsync(CancellationToken.None);
            await harness.Refresher.RefreshAsync(CancellationToken.None);

            Assert.True(result.Blobs > 0);
            Assert.Equal(0, result.Applied.Applied);
            Assert.Empty((await Expectations.ReadLedgerAsync(harness.Storage)).DifferencesFrom(ledger));
            Assert.Equal(scores, await ScoreRowsAsync(harness));
        }
    }

    [Fact]
    public async Task Replaying_the_archive_into_an_empty_ledger_rebuilds_the_same_state()
    {
        var feed = RecordGenerator.Generate(seed: 18, dossiers: 200, feedback: 20);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using (var first = PipelineHarness.Create(azurite, prefix, server.BaseUrl))
        {
            await Pipelines.RunToEndAsync(first);
            await first.Storage.DeleteLedgerAsync();
            await first.Storage.Scores.DeleteAsync();
            await first.Storage.DeadLetters.DeleteAsync();
        }

        await using var recovered = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await recovered.Replay.RunAsync(CancellationToken.None);
        await recovered.Refresher.RefreshAsync(CancellationToken.None);

        await Pipelines.AssertEndStateAsync(recovered, feed, new DateOnly(2023, 10, 1));
    }

    /// <summary>Any order, any duplication, any batching of the same items: the same ledger rows.</summary>
    [Property(MaxTest = 8, QuietOnSuccess = true)]
    public async Task<bool> Applying_the_same_items_in_any_order_with_duplicates_gives_identical_ledger_rows(int seed, PositiveInt batch)
    {
        var rng = new Random(seed);
        var items = SmallFeed.Items.Concat(SmallFeed.Items.Where(_ => rng.NextDouble() < 0.3)).OrderBy(_ => rng.Next()).ToList();
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(),
            settings: new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "4", ["Pipeline:AssumeFirstVersionIsNew"] = (seed % 2 == 0).ToString() });
        var size = 1 + (batch.Get % 60);
        for (var offset = 0; offset < items.Count; offset += size)
        {
            var slice = items.Skip(offset).Take(size).Select(i => System.Text.Json.JsonDocument.Parse(i).RootElement).ToList();
            await harness.Apply.ApplyItemsAsync("2024/04/10/000000000001-00000000.json", offset, slice, CancellationToken.None);
        }

        await harness.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);
        var rows = await RawLedgerRowsAsync(harness);
        var expected = Expectations.Ledger(SmallFeed.Valid, 4);
        return (await Expectations.ReadLedgerAsync(harness.Storage)).DifferencesFrom(expected).Count == 0 &&
               rows.All(r => !r.StartsWith("b", StringComparison.Ordinal) || !r.Contains("/x|", StringComparison.Ordinal)) &&
               SmallFeed.Items.Count(i => !ChangeRecordParser.Parse(Pipelines.Utf8(i)).IsValid) == SmallFeed.Malformed;
    }

    private static async Task<List<string>> RawLedgerRowsAsync(PipelineHarness harness)
    {
        var rows = new List<string>();
        await foreach (var row in harness.Storage.AllRowsAsync(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add($"{row.PartitionKey}/{row.RowKey}");
        }

        return rows;
    }

    private static async Task<Dictionary<string, string>> ScoreRowsAsync(PipelineHarness harness)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in harness.Storage.Scores.QueryAsync<TableEntity>())
        {
            rows[$"{row.PartitionKey}/{row.RowKey}"] = row.GetString("Json") ?? "";
        }

        return rows;
    }
}
