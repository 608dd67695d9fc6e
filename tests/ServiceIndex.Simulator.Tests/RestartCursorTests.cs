using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ServiceIndex.Simulator.Tests;

/// <summary>
/// A restarted simulator regenerates its history and starts live activity anew, so a host's kept cursor can point past
/// the new head (live records the previous run had produced). Such a cursor of the same seed is read on from the head at
/// once; before, the feed refused it with 400 until the new run's live records caught up (about a minute of refusals).
/// </summary>
public sealed class RestartCursorTests
{
    private static SimulatorOptions Options(int seed = 766) =>
        Histories.Small(6_000, new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 30)) with { Seed = seed, LiveRatePerSecond = 2 };

    [Fact]
    public async Task A_cursor_a_previous_run_issued_past_this_runs_head_reads_on_from_the_head()
    {
        // First run: the history, then a minute of live records; the host keeps the cursor after them.
        var firstClock = new FakeTimeProvider(Histories.Now);
        await using var first = await SimulatorServer.StartAsync(Options(), firstClock);
        firstClock.Advance(TimeSpan.FromMinutes(1));
        var kept = await HeadCursorAsync(first);

        // Second run of the same seed, restarted at the same instant: its head is behind the kept cursor.
        var secondClock = new FakeTimeProvider(Histories.Now);
        await using var second = await SimulatorServer.StartAsync(Options(), secondClock);
        using var client = Client(second);
        using var page = await client.GetAsync("changes?after=" + Uri.EscapeDataString(kept));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.False(body.GetProperty("hasMore").GetBoolean());
        Assert.True(ChangeFeed.TryPositionOf(body.GetProperty("next").GetString(), out var head));
        Assert.Equal(second.Feed.Count, head);
        Assert.Equal(1, second.Feed.EarlierRunCursors);

        // Live records of the new run follow from there.
        secondClock.Advance(TimeSpan.FromSeconds(5));
        using var live = await client.GetAsync("changes?after=" + Uri.EscapeDataString(body.GetProperty("next").GetString()!));
        Assert.True(JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_cursor_past_the_head_from_another_seed_is_still_refused()
    {
        var firstClock = new FakeTimeProvider(Histories.Now);
        await using var first = await SimulatorServer.StartAsync(Options(seed: 1), firstClock);
        firstClock.Advance(TimeSpan.FromMinutes(1));
        var foreign = await HeadCursorAsync(first);

        await using var second = await SimulatorServer.StartAsync(Options(seed: 2), new FakeTimeProvider(Histories.Now));
        using var client = Client(second);
        using var page = await client.GetAsync("changes?after=" + Uri.EscapeDataString(foreign));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
    }

    private static HttpClient Client(SimulatorServer server)
    {
        var client = new HttpClient { BaseAddress = server.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", server.Feed.Options.ApiKey);
        return client;
    }

    private static async Task<string> HeadCursorAsync(SimulatorServer server)
    {
        using var client = Client(server);
        string? cursor = null;
        while (true)
        {
            using var response = await client.GetAsync("changes?limit=1000" + (cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor)));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            cursor = body.GetProperty("next").GetString()!;
            if (!body.GetProperty("hasMore").GetBoolean())
            {
                return cursor;
            }
        }
    }
}
