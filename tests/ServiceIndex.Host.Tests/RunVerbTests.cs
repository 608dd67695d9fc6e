using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;
using ServiceIndex.Testing;

namespace ServiceIndex.Host.Tests;

/// <summary>
/// The <c>run</c> verb end to end: the real host process, pointed at a feed and a storage account by
/// configuration alone, backfills a simulated history, is killed mid-apply, restarts, and serves the
/// same scores as the offline scorer of the same records.
/// </summary>
public sealed class RunVerbTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // A closed past span, so that the history does not depend on when the test runs.
    private static readonly SimulatorOptions Feed = new()
    {
        Seed = 5,
        From = new DateOnly(2024, 3, 1),
        To = new DateOnly(2024, 4, 30),
        DossiersPerYear = 60_000,
        LiveRatePerSecond = 0,
    };

    private static readonly string[] Periods = ["2024-03", "2024-04", "2024-Q1", "2024-Q2", "2024"];

    [Fact]
    public async Task A_host_killed_mid_apply_and_restarted_serves_the_offline_scores_of_every_unit()
    {
        await using var feed = await SimulatorServer.StartAsync(Feed, PinnedClock.Create());
        var prefix = azurite.NewPrefix();
        string[] configuration =
        [
            $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Storage:NamePrefix={prefix}",
            $"--Feed:BaseUrl={feed.BaseUrl}", $"--Feed:ApiKey={Feed.ApiKey}", "--Admin:ApiKey=test-admin-key",
        ];
        var total = feed.Feed.Count;

        await using (var first = HostProcess.Start(configuration))
        {
            // Kill it while it is applying: some records applied, the feed not yet drained.
            await first.WaitForStatusAsync(s => s.GetProperty("recordsApplied").GetInt64() > total / 4, Eventually.Bound);
            await first.KillAsync();
        }

        await using var second = HostProcess.Start(configuration);
        var status = await second.WaitForStatusAsync(s => s.GetProperty("caughtUp").GetBoolean(), Eventually.Bound);
        Assert.Equal(0, status.GetProperty("queuedMessages").GetInt32());

        var records = await OfflineRecordsAsync();
        foreach (var label in Periods)
        {
            var served = await second.ScoresAsync(label);
            var period = Period.Parse(label);
            var asOf = Rfc3339.TryParse(served.GetProperty("asOf").GetString(), out var t) ? t : throw new FormatException();
            var book = new PeriodScoreBook(period, asOf);
            records.ForEach(r => book.Apply(r));
            ServedScores.AssertSame(book.Document(), served, label);
        }
    }

    [Fact]
    public async Task The_embedded_default_starts_Azurite_and_keeps_scores_across_a_restart()
    {
        await using var feed = await SimulatorServer.StartAsync(Feed with { DossiersPerYear = 20_000 }, PinnedClock.Create());
        var data = Directory.CreateTempSubdirectory("serviceindex-azurite-").FullName;
        string[] configuration = [$"--LocalHost:AzuriteDataFolder={data}", $"--Feed:BaseUrl={feed.BaseUrl}", $"--Feed:ApiKey={Feed.ApiKey}"];
        JsonElement before;
        await using (var first = HostProcess.Start(configuration))
        {
            await first.WaitForStatusAsync(s => s.GetProperty("caughtUp").GetBoolean(), Eventually.Bound);
            before = await first.ScoresAsync("2024-04");
            Assert.Contains("embedded Azurite", first.OutputTail, StringComparison.Ordinal);
            Assert.True(await first.StopAsync(), "Ctrl+C stops the host and its Azurite within a minute");
        }

        await using var second = HostProcess.Start(configuration);
        var after = await second.ScoresAsync("2024-04");
        Assert.Equal(Totals(before), Totals(after));
    }

    private static async Task<List<Core.Records.ChangeRecord>> OfflineRecordsAsync()
    {
        using var stream = new MemoryStream();
        await SimulatorHistory.WriteJsonLinesAsync(stream, Feed);
        var records = new List<Core.Records.ChangeRecord>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ChangeRecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(line)).Record is { } r)
            {
                records.Add(r);
            }
        }

        return records;
    }

    private static Dictionary<string, decimal> Totals(JsonElement document) =>
        document.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetString()!, u => u.GetProperty("total").GetDecimal());
}
