using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class DeadLetterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_rejected_item_is_in_the_dead_letter_table_with_its_reason_and_where_it_came_from()
    {
        var feed = RecordGenerator.Generate(seed: 31, dossiers: 200, feedback: 20, malformedRate: 0.06);
        await using var server = await TestFeedServer.StartAsync(feed.Items);
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix(), server.BaseUrl);
        await Pipelines.RunToEndAsync(harness);

        var letters = await harness.DeadLetters.ListAsync(max: 10_000);
        var expected = feed.Items.Where(i => !ChangeRecordParser.Parse(Pipelines.Utf8(i)).IsValid).ToList();
        Assert.Equal(expected.Count, letters.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), letters.Select(l => l.RawJson).Order(StringComparer.Ordinal));
        foreach (var letter in letters)
        {
            Assert.Equal(ChangeRecordParser.Parse(Pipelines.Utf8(letter.RawJson)).Rejection!.Reason.ToString(), letter.Reason);
            Assert.False(string.IsNullOrEmpty(letter.Message));
            var page = await harness.Storage.Archive.GetBlobClient(letter.SourceBlob).DownloadContentAsync();
            using var parsed = FeedPage.TryParse(page.Value.Content.ToArray(), out _)!;
            Assert.Equal(letter.RawJson, parsed.Items[letter.Index].GetRawText());
            Assert.Equal("2024-04-10", letter.Day);
        }

        Assert.Superset(
            new HashSet<string> { "MissingField", "BadEnumValue", "VersionBelowOne", "DueBeforeReceived", "UnknownKind", "NotAnObject", "BadTime", "WrongType" },
            letters.Select(l => l.Reason).ToHashSet());
    }

    [Fact]
    public async Task An_item_the_json_reader_cannot_turn_into_text_is_dead_lettered_and_the_rest_of_the_batch_applies()
    {
        await using var harness = PipelineHarness.Create(azurite, azurite.NewPrefix());
        var good = Pipelines.Items(Records.Unit("qna", 1, null))[0];
        const string unreadable = """{"kind":"unit","id":"bad\ud800","version":1,"changedAt":"2024-01-01T00:00:00Z","data":{}}""";
        using var doc = JsonDocument.Parse("[" + unreadable + "," + good + "]");

        var result = await harness.Apply.ApplyItemsAsync("2024/04/10/000000000001-00000000.json", 0, [.. doc.RootElement.EnumerateArray()], CancellationToken.None);

        Assert.Equal(1, result.Rejected);
        Assert.Equal(1, result.Applied);
        Assert.Equal("InvalidJson", Assert.Single(await harness.DeadLetters.ListAsync()).Reason);
    }
}
