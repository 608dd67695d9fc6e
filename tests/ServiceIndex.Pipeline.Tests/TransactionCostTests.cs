using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>How many storage transactions (billable requests) one applied change costs; the figures in <c>docs/storage.md</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TransactionCostTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_backfill_costs_at_most_one_and_a_half_storage_transactions_per_stored_record_version()
    {
        var feed = RecordGenerator.Generate(seed: 71, dossiers: 1500, feedback: 100);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using var harness = PipelineHarness.Create(azurite, prefix, server.BaseUrl,
            settings: new Dictionary<string, string?> { ["Feed:PageSize"] = "500", ["Pipeline:CompactAfter"] = "64" });
        await harness.Storage.EnsureCreatedAsync(CancellationToken.None);
        var counter = harness.Transactions;

        var start = counter.Current;
        var pull = await harness.Pull.RunAsync(null, CancellationToken.None);
        var pulled = counter.Current;
        var applied = ApplyResult.Empty;
        var refreshes = 0;
        StorageTransactions refresh = default;
        while (true)
        {
            var messages = (await harness.Storage.Changes.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                break;
            }

            foreach (var message in messages)
            {
                applied += await harness.Apply.HandleAsync(WorkMessage.Parse(message.Body), CancellationToken.None);
                await harness.Storage.Changes.DeleteMessageAsync(message.MessageId, message.PopReceipt);

                // A refresh tick after every page's work, as the 15-second timer would run during a backfill.
                var before = counter.Current;
                await harness.Refresher.RefreshAsync(CancellationToken.None);
                refresh += counter.Current - before;
                refreshes++;
            }
        }

        var total = counter.Current - start;
        var applyOnly = total - (pulled - start) - refresh;
        output.WriteLine($"items {feed.Items.Count}, record versions stored {applied.Applied}, duplicates {applied.Duplicates}, stale {applied.Stale}, rejected {applied.Rejected}");
        output.WriteLine($"pull:    {Describe(pulled - start)} for {pull.Pages} pages");
        output.WriteLine($"apply:   {Describe(applyOnly)} in {applied.Transactions} ledger transactions");
        output.WriteLine($"refresh: {Describe(refresh)} in {refreshes} ticks");
        output.WriteLine($"total:   {Describe(total)}");
        output.WriteLine($"per stored version: {(double)total.Total / applied.Applied:F3}; per feed item: {(double)total.Total / feed.Items.Count:F3}; " +
                         $"apply alone per stored version: {(double)applyOnly.Total / applied.Applied:F3}");

        Assert.True((double)total.Total / applied.Applied <= 1.5);
        Assert.Empty((await Expectations.ReadLedgerAsync(harness.Storage)).DifferencesFrom(Expectations.Ledger(feed.Valid, harness.Options.BucketCount)));
    }

    [Fact]
    public async Task One_new_version_of_a_stored_record_costs_a_handful_of_transactions_to_apply()
    {
        var feed = RecordGenerator.Generate(seed: 72, dossiers: 300, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await Pipelines.RunToEndAsync(harness);
        var stored = feed.Newest.Values.First(r => r.Kind == Core.Records.RecordKind.Dossier && !r.Deleted);
        server.Append(Pipelines.Items(stored with { Version = stored.Version + 1, ChangedAt = stored.ChangedAt.AddMinutes(1) }));
        var counter = harness.Transactions;

        var before = counter.Current;
        await harness.Pull.RunAsync(null, CancellationToken.None);
        var afterPull = counter.Current;
        await harness.DrainAsync();
        var afterApply = counter.Current;
        await harness.Refresher.RefreshAsync(CancellationToken.None);
        var afterRefresh = counter.Current;

        output.WriteLine($"pull {Describe(afterPull - before)}; queue + apply {Describe(afterApply - afterPull)}; refresh {Describe(afterRefresh - afterApply)}");
        // This process was the bucket's last writer: head and record are known, so the ledger costs one transaction.
        Assert.Equal(1, (afterApply - afterPull).Table);
        Assert.Equal(0, (afterApply - afterPull).Blob); // one small message carries its item inline
    }

    [Fact]
    public async Task A_process_that_did_not_write_the_bucket_last_reads_head_and_record_before_its_one_transaction()
    {
        var feed = RecordGenerator.Generate(seed: 73, dossiers: 300, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        var prefix = azurite.NewPrefix();
        await using (var first = PipelineHarness.Create(azurite, prefix, server.BaseUrl))
        {
            await Pipelines.RunToEndAsync(first);
        }

        var stored = feed.Newest.Values.First(r => r.Kind == Core.Records.RecordKind.Dossier && !r.Deleted);
        server.Append(Pipelines.Items(stored with { Version = stored.Version + 1, ChangedAt = stored.ChangedAt.AddMinutes(1) }));
        await using var second = PipelineHarness.Create(azurite, prefix, server.BaseUrl);
        await second.Pull.RunAsync(null, CancellationToken.None);
        var before = second.Transactions.Current;
        await second.DrainAsync();
        var apply = second.Transactions.Current - before;

        output.WriteLine($"queue + apply {Describe(apply)}");
        Assert.Equal(3, apply.Table); // head read, record read, one transaction
        Assert.Empty((await Expectations.ReadLedgerAsync(second.Storage)).DifferencesFrom(
            Expectations.Ledger([.. feed.Valid, stored with { Version = stored.Version + 1, ChangedAt = stored.ChangedAt.AddMinutes(1) }], second.Options.BucketCount)));
    }

    private static string Describe(StorageTransactions t) => $"{t.Total} (table {t.Table}, blob {t.Blob}, queue {t.Queue})";
}
