using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>
/// Ids from the feed with the characters Table Storage refuses in keys (<c>/ \ # ?</c>, control characters) or that
/// would break a hand-built OData filter (<c>'</c>) travel through pull, apply, refresh and queries on Azurite under
/// escaped keys, and come back exactly as sent.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class NastyKeysTests(AzuriteFixture azurite)
{
    private static readonly string[] NastyUnits = ["a/b", "c\\d", "e#f", "g?h", "it's", "tab\tnul\0bell\u0007", "x' or PartitionKey ne '", "~7E"];

    [Fact]
    public async Task Units_and_dossiers_whose_ids_hold_characters_refused_in_table_keys_are_stored_scored_and_read_back_unchanged()
    {
        var records = new List<Core.Records.ChangeRecord> { Records.Unit("qna", 1, null) };
        records.AddRange(NastyUnits.Select(u => Records.Unit(u, 1, "qna")));
        records.Add(Records.Procedure("p1", [.. NastyUnits]));
        var received = Pipelines.Vn(2024, 3, 5);
        records.AddRange(NastyUnits.Select((u, i) => Records.Dossier($"{u}|dossier/{i}#?'", 1, u, received, received.AddDays(5), completed: received.AddDays(i))));
        await using var server = await TestFeedServer.StartAsync(Pipelines.Items([.. records]));
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);

        await Pipelines.RunToEndAsync(harness);

        var ledger = await Expectations.ReadLedgerAsync(harness.Storage);
        Assert.Empty(ledger.DifferencesFrom(Expectations.Ledger(records, harness.Options.BucketCount)));
        Assert.Empty(await harness.DeadLetters.ListAsync());
        var period = Period.Parse("2024-03");
        var scores = await harness.Scores.GetAsync(period);
        Expectations.SameUnits(Expectations.Book(records, period, harness.Time.GetUtcNow()), scores);
        foreach (var unit in NastyUnits)
        {
            var one = await harness.Scores.GetAsync(period, unitId: unit);
            Assert.Equal(unit, Assert.Single(one!.Units).UnitId);
        }
    }
}
