using System.Text;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Ledger;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>Steps the tests repeat: run the pipeline to the end, check the end state against the offline truth.</summary>
public static class Pipelines
{
    /// <summary>Pulls until caught up, applies every queued message, refreshes scores.</summary>
    public static async Task RunToEndAsync(PipelineHarness harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var pull = await harness.Pull.RunAsync(null, CancellationToken.None);
        Assert.Equal(PullStatus.Completed, pull.Status);
        await harness.DrainAsync();
        await harness.Refresher.RefreshAsync(CancellationToken.None);
    }

    /// <summary>
    /// The end state is exactly that of the feed's valid records applied once: newest versions stored,
    /// month totals equal to a rebuild, every malformed item dead-lettered once, and scores equal to
    /// the offline score book for every month, quarter and year.
    /// </summary>
    public static async Task AssertEndStateAsync(PipelineHarness harness, GeneratedFeed feed, DateOnly firstMonth)
    {
        ArgumentNullException.ThrowIfNull(harness);
        ArgumentNullException.ThrowIfNull(feed);
        var ledger = await Expectations.ReadLedgerAsync(harness.Storage);
        Assert.Empty(ledger.DifferencesFrom(Expectations.Ledger(feed.Valid, harness.Options.BucketCount)));
        Assert.Equal(feed.Malformed, (await harness.DeadLetters.ListAsync(max: 100_000)).Count);
        var now = harness.Time.GetUtcNow();
        foreach (var period in Expectations.Periods(firstMonth, now))
        {
            Expectations.SameUnits(Expectations.Book(feed.Valid, period, now), await harness.Scores.GetAsync(period));
        }
    }

    /// <summary>Feed items for hand-made records (the canonical JSON is the feed's own format).</summary>
    public static IReadOnlyList<string> Items(params ChangeRecord[] records) => [.. records.Select(RecordJson.Serialize)];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static DateTimeOffset Vn(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, VietnamTime.Offset);
}
