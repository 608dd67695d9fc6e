using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Scores;
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
    public async Task A_fold_stopped_between_its_transactions_leaves_every_total_exact_and_the_next_fold_finishes_it()
    {
        var feed = RecordGenerator.Generate(seed: 87, dossiers: 300, feedback: 30);
        var half = feed.Items.Count / 2;
        await using var server = await TestFeedServer.StartAsync(feed.Items.Take(half));
        var prefix = azurite.NewPrefix();
        var settings = new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "1", ["Pipeline:CompactAfter"] = "100000" };
        await using (var before = PipelineHarness.Create(azurite, prefix, server.BaseUrl, settings: settings))
        {
            await Pipelines.RunToEndAsync(before);
            await before.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);
            server.Append(feed.Items.Skip(half));
            await Pipelines.RunToEndAsync(before); // deltas above the marker, none folded
            await FoldHalfTheCellsWithoutTheMarkerAsync(before);
        }

        await using var after = PipelineHarness.Create(azurite, prefix, server.BaseUrl, settings: settings);
        await after.Refresher.RefreshAsync(CancellationToken.None);
        await Pipelines.AssertEndStateAsync(after, feed, new DateOnly(2023, 10, 1));
        var recomputed = await after.Recompute.RunAsync(new RecomputeRequest { WriteSnapshots = false }, CancellationToken.None); // checks, then folds all

        await using var reader = PipelineHarness.Create(azurite, prefix, server.BaseUrl, settings: settings);
        await reader.Refresher.RefreshAsync(CancellationToken.None);
        Assert.Equal(0, recomputed.Differences);
        Assert.True(recomputed.Refresh!.DeltasCompacted > 0);
        await Pipelines.AssertEndStateAsync(reader, feed, new DateOnly(2023, 10, 1));
    }

    /// <summary>
    /// What a fold leaves when it stops after its first transactions: half the cells the waiting deltas touch
    /// rewritten with those deltas added and stamped with the newest generation, the marker not advanced.
    /// </summary>
    private static async Task FoldHalfTheCellsWithoutTheMarkerAsync(PipelineHarness harness)
    {
        var ledger = harness.Storage.Ledger(0);
        var partition = LedgerKeys.Partition(0);
        var rows = new List<TableEntity>();
        await foreach (var row in ledger.QueryAsync<TableEntity>(r => r.PartitionKey == partition))
        {
            rows.Add(row);
        }

        var marker = rows.Single(r => r.RowKey == LedgerKeys.Compaction).GetInt64("CompactedGen")!.Value;
        var deltas = rows.Where(r => r.RowKey.StartsWith(LedgerKeys.DeltaPrefix, StringComparison.Ordinal))
            .Select(r => (Gen: LedgerKeys.GenerationOfDelta(r.RowKey), Delta: LedgerDelta.FromEntity(r))).Where(d => d.Gen > marker).ToList();
        Assert.True(deltas.Count > 1);
        var newest = deltas.Max(d => d.Gen);
        var sums = new LedgerDelta();
        foreach (var (_, delta) in deltas)
        {
            sums.Add(delta);
        }

        var tallies = rows.Where(r => r.RowKey.StartsWith(LedgerKeys.TallyPrefix, StringComparison.Ordinal)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        foreach (var ((month, unit), change) in sums.Cells.OrderBy(c => c.Key).Where((_, i) => i % 2 == 0))
        {
            var key = LedgerKeys.Tally(month, unit);
            var tally = tallies.TryGetValue(key, out var held) ? TallyCodec.FromEntity(held) : new MonthTally();
            tally.Add(change);
            await ledger.UpsertEntityAsync(TallyCodec.ToEntity(partition, key, tally, includes: newest), TableUpdateMode.Replace);
        }
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
