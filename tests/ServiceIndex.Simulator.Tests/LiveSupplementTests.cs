using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ServiceIndex.Simulator.Tests;

/// <summary>Supplement requests in the live activity after the history (the head of the embedded default).</summary>
public sealed class LiveSupplementTests
{
    private static readonly Lazy<List<JsonElement>> LiveItems = new(ReadLiveItems);

    /// <summary>Every item appended in an hour of live activity at 20 records/s, on a pinned clock and seed.</summary>
    private static List<JsonElement> ReadLiveItems()
    {
        var options = Histories.Small(3_000, new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 10)) with { LiveRatePerSecond = 20 };
        var time = new FakeTimeProvider(Histories.Now);
        var feed = ChangeFeed.Create(options, time);
        var cursor = FeedCursor.Encode(feed.History.Count);
        time.Advance(TimeSpan.FromHours(1));
        var items = new List<JsonElement>();
        var hasMore = true;
        while (hasMore)
        {
            var body = new System.Buffers.ArrayBufferWriter<byte>();
            Assert.True(feed.TryWritePage(cursor, 1000, body, out var page));
            using var document = JsonDocument.Parse(body.WrittenMemory);
            items.AddRange(document.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            cursor = FeedCursor.Encode(page.Start + page.Count);
            hasMore = page.HasMore;
        }

        return items;
    }

    private static List<JsonElement> Supplements(JsonElement item) =>
        item.GetProperty("data").TryGetProperty("supplements", out var s) ? [.. s.EnumerateArray()] : [];

    [Fact]
    public void Live_records_follow_the_feed_rules()
    {
        Assert.Equal(72_000, LiveItems.Value.Count);
        Assert.All(LiveItems.Value, item => Assert.Null(FeedRecordChecker.Check(item)));
    }

    [Fact]
    public void Live_dossiers_are_asked_for_documents_and_answer_once_or_twice()
    {
        var asked = LiveItems.Value.Select(Supplements).Where(s => s.Count > 0).ToList();

        Assert.Contains(asked, s => s[^1].GetProperty("resumedAt").ValueKind == JsonValueKind.Null);
        Assert.Contains(asked, s => s[^1].GetProperty("resumedAt").ValueKind == JsonValueKind.String);
        Assert.Contains(asked, s => s.Count == 2);
    }

    [Fact]
    public void A_live_dossier_awaiting_its_supplement_is_suspended()
    {
        var awaiting = LiveItems.Value
            .Where(i => Supplements(i) is [.., var last] && last.GetProperty("resumedAt").ValueKind == JsonValueKind.Null)
            .ToList();

        Assert.NotEmpty(awaiting);
        Assert.All(awaiting, i => Assert.Equal("suspended", i.GetProperty("data").GetProperty("status").GetString()));
    }
}
