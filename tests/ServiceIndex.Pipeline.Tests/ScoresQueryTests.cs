using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using static ServiceIndex.Pipeline.Tests.Infrastructure.Pipelines;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class ScoresQueryTests(AzuriteFixture azurite)
{
    /// <summary>Ids with every character table keys refuse or URLs reinterpret, for units and records alike.</summary>
    private static readonly string[] Ids = ["qna/tỉnh#1", "huyện?x\\y", "xã 'A' 100%+", "~7E~", "tab\tand\u0001ctl", "😀"];

    [Fact]
    public async Task Records_and_units_with_ids_that_need_escaping_are_stored_scored_and_found_again()
    {
        var records = new List<Core.Records.ChangeRecord> { Records.Unit(Ids[0], 1, null) };
        records.AddRange(Ids.Skip(1).Select(id => Records.Unit(id, 1, Ids[0])));
        records.Add(Records.Procedure("p1", Ids));
        records.AddRange(Ids.Select((unit, i) => Records.Dossier(Ids[(i + 1) % Ids.Length] + "/d", 1, unit, Vn(2024, 3, 5), Vn(2024, 3, 9), Vn(2024, 3, 8))));
        await using var server = await TestFeedServer.StartAsync(Items([.. records]));
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);

        await RunToEndAsync(harness);

        Assert.Empty((await Expectations.ReadLedgerAsync(harness.Storage)).DifferencesFrom(Expectations.Ledger(records, harness.Options.BucketCount)));
        var march = Period.Month(2024, 3);
        Expectations.SameUnits(Expectations.Book(records, march, harness.Time.GetUtcNow()), await harness.Scores.GetAsync(march));
        foreach (var id in Ids)
        {
            Assert.Equal(id, (await harness.Scores.GetAsync(march, unitId: id))!.Units.Single().UnitId);
        }
    }

    [Fact]
    public async Task Scores_can_be_read_for_one_level_or_one_unit_in_hierarchy_order()
    {
        var feed = RecordGenerator.Generate(seed: 61, dossiers: 80, feedback: 5);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await RunToEndAsync(harness);
        var quarter = Period.Quarter(2024, 1);

        var all = await harness.Scores.GetAsync(quarter);
        var districts = await harness.Scores.GetAsync(quarter, level: "district");
        var one = await harness.Scores.GetAsync(quarter, unitId: "qna-dl");

        Assert.Equal("qna", all!.Units[0].UnitId);
        Assert.Equal(all.Units.Where(u => u.Level == "district").Select(u => u.UnitId), districts!.Units.Select(u => u.UnitId));
        Assert.Equal(3, districts.Units.Count);
        Assert.Equal(Expectations.Json(all.Units.Single(u => u.UnitId == "qna-dl")), Expectations.Json(one!.Units.Single()));
        Assert.Equal(new Core.Scoring.PeriodInfo("2024-Q1", "2024-01-01", "2024-03-31"), all.Period);
        Assert.Equal("2024-04-10T12:00:00+07:00", all.AsOf);
        Assert.Null(await harness.Scores.GetAsync(Period.Year(2019)));
    }
}
