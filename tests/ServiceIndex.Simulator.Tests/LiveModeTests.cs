using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using ServiceIndex.Testing;

namespace ServiceIndex.Simulator.Tests;

public sealed class LiveModeTests
{
    private static SimulatorOptions Options(double live) =>
        Histories.Small(3_000, new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 10)) with { HttpFaults = HttpFaultOptions.None, LiveRatePerSecond = live };

    [Fact]
    public void Each_live_position_says_when_it_fell_due()
    {
        var time = new FakeTimeProvider(Histories.Now);
        var feed = ChangeFeed.Create(Options(live: 4), time);
        var history = feed.Count;

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(history + 4, feed.Count);
        Assert.Null(feed.AppendedAt(history - 1));
        Assert.Equal(Histories.Now.AddSeconds(0.25), feed.AppendedAt(history));
        Assert.Equal(Histories.Now.AddSeconds(1), feed.AppendedAt(history + 3));
        Assert.Null(feed.AppendedAt(history + 4));
    }

    [Fact]
    public void A_suspended_feed_appends_nothing_and_resumes_without_a_backlog()
    {
        var time = new FakeTimeProvider(Histories.Now);
        var feed = ChangeFeed.Create(Options(live: 2), time);
        var history = feed.Count;

        feed.SuspendLive();
        time.Advance(TimeSpan.FromMinutes(10));
        var whileSuspended = feed.Count;
        feed.ResumeLive();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(history, whileSuspended);
        Assert.Equal(history + 2, feed.Count);
        Assert.Equal(time.GetUtcNow(), feed.AppendedAt(history + 1));
    }

    [Fact]
    public void The_position_of_a_cursor_is_the_number_of_deliveries_before_it()
    {
        var feed = ChangeFeed.Create(Options(live: 0), new FakeTimeProvider(Histories.Now));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        Assert.True(feed.TryWritePage(null, 7, buffer, out _));
        var next = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("next").GetString();

        Assert.True(ChangeFeed.TryPositionOf(next, out var position));
        Assert.Equal(7, position);
        Assert.False(ChangeFeed.TryPositionOf("not-a-cursor", out _));
    }

    [Fact]
    public async Task With_a_webhook_configured_each_append_is_notified_with_the_key()
    {
        var keys = new List<string?>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/notify", (HttpRequest request) =>
        {
            lock (keys)
            {
                keys.Add(request.Headers[LiveNotifier.KeyHeader]);
            }

            return Results.Accepted();
        });
        await receiver.StartAsync();
        var options = Options(live: 20) with { NotifyUrl = receiver.Urls.First() + "/notify", NotifyKey = "hook-key" };

        await using var server = await SimulatorServer.StartAsync(options, TimeProvider.System);
        await Eventually.TrueAsync(() => server.Notifier!.Sent >= 3, "three notifications", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20));
        lock (keys)
        {
            Assert.All(keys, k => Assert.Equal("hook-key", k));
        }
    }

    [Fact]
    public async Task Without_a_webhook_nothing_is_notified()
    {
        await using var server = await SimulatorServer.StartAsync(Options(live: 20), new FakeTimeProvider(Histories.Now));

        Assert.Null(server.Notifier);
    }
}
