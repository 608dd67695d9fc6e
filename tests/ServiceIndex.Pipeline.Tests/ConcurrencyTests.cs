using System.Text.Json;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using static ServiceIndex.Pipeline.Tests.Infrastructure.Pipelines;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ConcurrencyTests(AzuriteFixture azurite)
{
    /// <summary>Six processes write one partition at once, records of the same unit and month, versions of the same records.</summary>
    [Fact]
    public async Task Concurrent_applies_to_the_same_bucket_never_lose_an_update()
    {
        var prefix = azurite.NewPrefix();
        var settings = new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "1", ["Pipeline:MaxConflictRetries"] = "200" };
        var processes = Enumerable.Range(0, 6).Select(_ => PipelineHarness.Create(azurite, prefix, settings: settings)).ToList();
        try
        {
            var all = new List<ChangeRecord>();
            var batches = new List<(PipelineHarness Process, List<ChangeRecord> Records)>();
            for (var p = 0; p < processes.Count; p++)
            {
                for (var b = 0; b < 6; b++)
                {
                    var batch = new List<ChangeRecord>();
                    for (var i = 0; i < 5; i++)
                    {
                        var id = $"d-{p}-{b}-{i}";
                        var received = Vn(2024, 3, 1 + i);
                        batch.Add(Records.Dossier(id, 1, "qna-x1", received, received.AddDays(10)));
                        // A newer version of a record first written by another process.
                        batch.Add(Records.Dossier($"d-{(p + 1) % processes.Count}-{b}-{i}", 2, "qna-x1", received, received.AddDays(10), completed: received.AddDays(3)));
                    }

                    batches.Add((processes[p], batch));
                    all.AddRange(batch);
                }
            }

            var results = await Task.WhenAll(batches.Select(b => Task.Run(() => ApplyAsync(b.Process, b.Records))));

            var ledger = await Expectations.ReadLedgerAsync(processes[0].Storage);
            Assert.Empty(ledger.DifferencesFrom(Expectations.Ledger(all, 1)));
            Assert.Equal(all.GroupBy(r => r.Key).Count(), (await processes[0].Status.GetAsync()).RecordsStored);
            Assert.True(results.Sum(r => r.Conflicts) > 0, "the test should have made writers collide");
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static Task<ApplyResult> ApplyAsync(PipelineHarness process, List<ChangeRecord> records)
    {
        using var doc = JsonDocument.Parse("[" + string.Join(",", Items([.. records])) + "]");
        return process.Apply.ApplyItemsAsync("2024/04/10/000000000001-00000000.json", 0, [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())],
            CancellationToken.None);
    }
}
