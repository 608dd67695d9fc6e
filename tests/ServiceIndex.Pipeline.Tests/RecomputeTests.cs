using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class RecomputeTests(AzuriteFixture azurite)
{
    private static readonly DateOnly FirstMonth = new(2023, 10, 1);

    [Fact]
    public async Task Recompute_after_normal_operation_with_concurrent_workers_finds_no_difference()
    {
        var feed = RecordGenerator.Generate(seed: 41, dossiers: 300, feedback: 30);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using var harness = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await using var other = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await harness.Pull.RunAsync(null, CancellationToken.None);
        await PipelineHarness.DrainAsync([harness, other]);

        var result = await harness.Recompute.RunAsync(new RecomputeRequest(), CancellationToken.None);

        Assert.Equal(0, result.Differences);
        Assert.Equal(0, result.UnverifiedBuckets);
        Assert.Equal(0, result.UnreadableRecords);
        Assert.Equal(feed.Newest.Count, result.Records);
        await Pipelines.AssertEndStateAsync(harness, feed, FirstMonth);
    }

    [Fact]
    public async Task Recompute_repairs_a_corrupted_month_tally_and_scores_return_to_the_offline_values()
    {
        var feed = RecordGenerator.Generate(seed: 42, dossiers: 250, feedback: 20);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using (var before = PipelineHarness.Create(azurite, prefix, server.BaseUrl))
        {
            await Pipelines.RunToEndAsync(before);
            await before.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);
            await CorruptOneTallyAsync(before);
        }

        await using var harness = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        var first = await harness.Recompute.RunAsync(new RecomputeRequest { WriteSnapshots = false }, CancellationToken.None);
        var second = await harness.Recompute.RunAsync(new RecomputeRequest { WriteSnapshots = false }, CancellationToken.None);

        Assert.Equal(1, first.Differences);
        Assert.Equal(1, first.Repaired);
        Assert.Equal(0, second.Differences);
        await Pipelines.AssertEndStateAsync(harness, feed, FirstMonth);
    }

    [Fact]
    public async Task A_refresh_holding_totals_in_memory_reloads_after_a_repair()
    {
        var feed = RecordGenerator.Generate(seed: 43, dossiers: 150, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using var harness = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await Pipelines.RunToEndAsync(harness);
        await harness.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);
        await CorruptOneTallyAsync(harness); // the refresher's totals were read before: still right in memory

        var result = await harness.Recompute.RunAsync(new RecomputeRequest { WriteSnapshots = false }, CancellationToken.None);

        Assert.Equal(1, result.Repaired);
        Assert.True(result.Refresh!.FullReload);
        await Pipelines.AssertEndStateAsync(harness, feed, FirstMonth);
    }

    [Fact]
    public async Task Recompute_writes_a_snapshot_of_every_ended_period_once()
    {
        var feed = RecordGenerator.Generate(seed: 44, dossiers: 150, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await Pipelines.RunToEndAsync(harness);

        var first = await harness.Recompute.RunAsync(new RecomputeRequest(), CancellationToken.None);
        var second = await harness.Recompute.RunAsync(new RecomputeRequest(), CancellationToken.None);

        Assert.Equal(9, first.SnapshotsWritten); // 2023-10..2024-03, 2023-Q4, 2024-Q1, 2023 (April, Q2 and 2024 have not ended)
        Assert.Equal(0, second.SnapshotsWritten);
        Assert.Null(await harness.Scores.GetSnapshotAsync(Period.Month(2024, 4)));
        var march = Period.Month(2024, 3);
        Expectations.SameUnits(Expectations.Book(feed.Valid, march, feed.Now), await harness.Scores.GetSnapshotAsync(march));
    }

    [Fact]
    public async Task Closing_the_year_at_a_date_snapshots_the_year_as_of_that_day_and_never_overwrites_it()
    {
        var now = new DateTimeOffset(2023, 11, 20, 10, 0, 0, VietnamTime.Offset);
        var feed = RecordGenerator.Generate(seed: 45, dossiers: 250, feedback: 20, from: new DateOnly(2023, 6, 1), to: new DateOnly(2023, 11, 19), now: now);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        await Pipelines.RunToEndAsync(harness);

        var closing = await harness.Recompute.RunAsync(new RecomputeRequest { CloseYearAt = new DateOnly(2023, 11, 14) }, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromDays(1));
        var again = await harness.Recompute.RunAsync(new RecomputeRequest { CloseYearAt = new DateOnly(2023, 11, 15) }, CancellationToken.None);

        Assert.Equal("2023", closing.ClosedYear);
        Assert.False(closing.YearWasAlreadyClosed);
        Assert.True(again.YearWasAlreadyClosed);
        var closedAt = VietnamTime.LastSecondOf(new DateOnly(2023, 11, 14));
        var snapshot = await harness.Scores.GetSnapshotAsync(Period.Year(2023));
        Expectations.SameUnits(Expectations.Book(feed.Valid, Period.Year(2023), closedAt), snapshot);
        Assert.Equal("2023-11-14T23:59:59+07:00", snapshot!.AsOf);
    }

    [Fact]
    public async Task A_year_cannot_be_closed_at_a_date_after_today()
    {
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix());
        await Assert.ThrowsAsync<ArgumentException>(() =>
            harness.Recompute.RunAsync(new RecomputeRequest { CloseYearAt = new DateOnly(2024, 11, 14) }, CancellationToken.None));
    }

    [Fact]
    public async Task Folded_delta_rows_a_crash_left_behind_are_ignored_by_readers_and_deleted_by_the_recompute()
    {
        var feed = RecordGenerator.Generate(seed: 43, dossiers: 200, feedback: 20);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        string leftover;
        await using (var before = PipelineHarness.Create(azurite, prefix, server.BaseUrl))
        {
            await Pipelines.RunToEndAsync(before);
            await before.Refresher.RefreshAsync(compactAll: true, CancellationToken.None);
            leftover = await LeaveAFoldedDeltaBehindAsync(before);
        }

        await using var harness = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await harness.Refresher.RefreshAsync(CancellationToken.None);
        await Pipelines.AssertEndStateAsync(harness, feed, FirstMonth);

        var result = await harness.Recompute.RunAsync(new RecomputeRequest { WriteSnapshots = false }, CancellationToken.None);

        Assert.Equal(0, result.Differences);
        Assert.DoesNotContain(leftover, await RowKeysAsync(harness));
        await Pipelines.AssertEndStateAsync(harness, feed, FirstMonth);
    }

    /// <summary>Writes, at generation 1 (below the compaction marker), a delta row that would add a large number to a tally if anyone counted it.</summary>
    private static async Task<string> LeaveAFoldedDeltaBehindAsync(PipelineHarness harness)
    {
        var partition = LedgerKeys.Partition(0);
        var marker = await harness.Storage.Ledger(0).GetEntityAsync<TableEntity>(partition, LedgerKeys.Compaction);
        Assert.True(marker.Value.GetInt64("CompactedGen") >= 1);
        var garbage = new LedgerDelta();
        garbage.Cell("qna", new DateOnly(2024, 3, 1))[MonthCounter.Received] = 1000;
        await harness.Storage.Ledger(0).UpsertEntityAsync(garbage.ToEntity(partition, 1, harness.Time.GetUtcNow()));
        return LedgerKeys.Delta(1);
    }

    private static async Task<List<string>> RowKeysAsync(PipelineHarness harness)
    {
        var keys = new List<string>();
        await foreach (var row in harness.Storage.Ledger(0).QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    private static async Task CorruptOneTallyAsync(PipelineHarness harness)
    {
        TableEntity? victim = null;
        await foreach (var row in harness.Storage.AllRowsAsync())
        {
            if (row.RowKey.StartsWith(LedgerKeys.TallyPrefix, StringComparison.Ordinal) && (row.GetInt64(nameof(MonthCounter.Received)) ?? 0) > 0)
            {
                victim = row;
                break;
            }
        }

        Assert.NotNull(victim);
        victim[nameof(MonthCounter.Received)] = victim.GetInt64(nameof(MonthCounter.Received))!.Value + 7;
        await harness.Storage.Ledger(LedgerKeys.BucketOfPartition(victim.PartitionKey)).UpdateEntityAsync(victim, victim.ETag, TableUpdateMode.Replace);
    }
}
