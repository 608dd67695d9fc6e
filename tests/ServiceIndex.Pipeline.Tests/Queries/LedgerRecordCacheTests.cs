using Microsoft.Extensions.Logging.Abstractions;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using static ServiceIndex.Pipeline.Tests.Infrastructure.Pipelines;

namespace ServiceIndex.Pipeline.Tests.Queries;

[Collection(AzuriteCollection.Name)]
public sealed class LedgerRecordCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task After_the_first_load_only_changed_buckets_are_read_again_and_the_view_equals_a_full_load()
    {
        var feed = RecordGenerator.Generate(seed: 71, dossiers: 120, feedback: 10);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await RunToEndAsync(harness);
        var cache = Cache(harness);
        var first = await cache.RefreshAsync(CancellationToken.None);
        Assert.Equal(Live(feed.Valid), Keys(first));

        // New versions: a dossier completed, one deleted, one moved to another unit, a new dossier and a renamed unit.
        var dossiers = first.Live.Where(r => r.Data is DossierData).Take(3).ToList();
        var completed = dossiers[0] with { Version = dossiers[0].Version + 1, Data = ((DossierData)dossiers[0].Data) with
        {
            Status = DossierStatus.Completed, CompletedAt = ((DossierData)dossiers[0].Data).ReceivedAt.AddDays(1),
        } };
        var deleted = dossiers[1] with { Version = dossiers[1].Version + 1, Deleted = true };
        var moved = dossiers[2] with { Version = dossiers[2].Version + 1, Data = ((DossierData)dossiers[2].Data) with { UnitId = "qna-tk-01" } };
        var added = Records.Dossier("new-dossier", 1, "qna-dl-01", Vn(2024, 4, 2), Vn(2024, 4, 5));
        var unit = first.Live.First(r => r.Id == "qna-dl");
        var renamed = unit with { Version = unit.Version + 1, Data = ((UnitData)unit.Data) with { Name = "UBND thị xã Đại Lộc" } };
        server.Append(Items(completed, deleted, moved, added, renamed));
        await RunToEndAsync(harness);

        var second = await cache.RefreshAsync(CancellationToken.None);
        var full = await Cache(harness).RefreshAsync(CancellationToken.None);

        Assert.True(second.Version > first.Version);
        Assert.Equal(Keys(full), Keys(second));
        Assert.Equal(Live([.. feed.Valid, completed, deleted, moved, added, renamed]), Keys(second));
        Assert.Equal("UBND thị xã Đại Lộc", second.Tree.Find("qna-dl")!.Name);
        Assert.DoesNotContain(second.OpenOrLate, d => d.Id == dossiers[1].Id);
        Assert.Contains(second.OpenOrLate, d => d.Id == "new-dossier");

        var unchanged = await cache.RefreshAsync(CancellationToken.None);
        Assert.Same(second, unchanged);
    }

    private static LedgerRecordCache Cache(PipelineHarness harness) =>
        new(harness.Storage, Microsoft.Extensions.Options.Options.Create(new ApiOptions()), Microsoft.Extensions.Options.Options.Create(harness.Options),
            harness.Time, NullLogger<LedgerRecordCache>.Instance);

    private static List<string> Live(IEnumerable<ChangeRecord> records)
    {
        var state = new VersionedState();
        foreach (var r in records)
        {
            state.Offer(r, out _);
        }

        return [.. state.Live.Select(r => $"{r.Key}@{r.Version}:{RecordJson.Serialize(r)}").Order(StringComparer.Ordinal)];
    }

    private static List<string> Keys(LedgerView view) =>
        [.. view.Live.Select(r => $"{r.Key}@{r.Version}:{RecordJson.Serialize(r)}").Order(StringComparer.Ordinal)];
}
