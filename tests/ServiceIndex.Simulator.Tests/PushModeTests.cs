using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ServiceIndex.Simulator.Tests;

/// <summary>
/// The push mode's sender against a stand-in receiver over real HTTP: the feed keeps units, procedures and feedback, the
/// sync module logs in, pushes every dossier state, logs in again when its session expires and sends a failed call again.
/// </summary>
public sealed class PushModeTests
{
    private static SimulatorOptions Options => Histories.Small(8_000, new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 30)) with
    {
        Mode = SimulatorModes.Dvcqg,
    };

    [Fact]
    public async Task In_push_mode_the_feed_serves_units_procedures_and_feedback_and_no_dossier()
    {
        await using var server = await SimulatorServer.StartAsync(Options, new FakeTimeProvider(Histories.Now));
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", Options.ApiKey);

        var kinds = new List<string>();
        string? after = null;
        var hasMore = true;
        while (hasMore)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync("changes?limit=1000" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))));
            kinds.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!));
            after = page.RootElement.GetProperty("next").GetString();
            hasMore = page.RootElement.GetProperty("hasMore").GetBoolean();
        }

        Assert.Equal(["feedback", "procedure", "unit"], kinds.Distinct().Order());
        Assert.Contains(server.Feed.History.Entries, e => e.Kind == RecordKind.Dossier);
    }

    [Fact]
    public async Task The_sync_module_logs_in_again_when_its_session_expires_and_sends_a_failed_call_again()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var server = await SimulatorServer.StartAsync(Options, new FakeTimeProvider(Histories.Now));
        var expected = ExpectedStates(server.Feed.History);

        await using var pusher = DvcqgPusher.Start(server.Feed, receiver.BaseUrl, "user", "secret-password", TimeSpan.FromMilliseconds(50));
        var finished = await Task.WhenAny(pusher.HistoryPushed, Task.Delay(TimeSpan.FromMinutes(2)));

        Assert.True(finished == pusher.HistoryPushed, $"not pushed within 2 minutes: {pusher.LastError}");
        Assert.True(receiver.Expired > 0 && receiver.Failed > 0, "the stand-in expired a session and failed a call");
        Assert.Equal(1 + receiver.Expired, pusher.Logins);
        Assert.Equal(receiver.Failed, pusher.Failures);
        Assert.Equal(expected, receiver.States.Keys.Order().ToList());
        Assert.All(receiver.Sessions, s => Assert.StartsWith("session-", s, StringComparison.Ordinal));
    }

    /// <summary>"code status" of every state the plan pushes (after retries and reordering: the set of states).</summary>
    private static List<string> ExpectedStates(SimulatedHistory history)
    {
        using var stream = new MemoryStream();
        SimulatorPush.WriteCallsAsync(stream, history).GetAwaiter().GetResult();
        return [.. System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => JsonDocument.Parse(l).RootElement.GetProperty("data").EnumerateArray().Select(State).ToList())
            .Distinct().Order()];
    }

    private static string State(JsonElement d) => d.GetRawText();

    /// <summary>A receiver that answers as the portal does, expires every session after 7 calls and fails every 11th call with a 503.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _calls;
        private int _logins;
        private int _used;

        private Receiver(WebApplication app, Uri baseUrl)
        {
            _app = app;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }

        public ConcurrentDictionary<string, bool> States { get; } = new();

        public ConcurrentBag<string> Sessions { get; } = [];

        public int Expired { get; private set; }

        public int Failed { get; private set; }

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
            builder.Services.AddRoutingCore();
            var app = builder.Build();
            Receiver? self = null;
            app.MapPost("/api/dvcqg/auth", async (HttpContext c) =>
            {
                using var body = await JsonDocument.ParseAsync(c.Request.Body);
                var ok = body.RootElement.GetProperty("username").GetString() == "user" && body.RootElement.GetProperty("password").GetString() == "secret-password";
                var session = $"session-{Interlocked.Increment(ref self!._logins)}";
                self._used = 0;
                await c.Response.WriteAsJsonAsync(ok ? new Dictionary<string, object> { ["error_code"] = 0, ["session"] = session } : new() { ["error_code"] = 1 });
            });
            app.MapPost("/api/dvcqg", async (HttpContext c) =>
            {
                using var body = await JsonDocument.ParseAsync(c.Request.Body);
                var n = Interlocked.Increment(ref self!._calls);
                if (n % 11 == 0)
                {
                    self.Failed++;
                    c.Response.StatusCode = 503;
                    return;
                }

                var session = body.RootElement.GetProperty("session").GetString()!;
                if (session != $"session-{self._logins}" || ++self._used > 7)
                {
                    self.Expired++;
                    await c.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["error_code"] = 3, ["message"] = "expired" });
                    return;
                }

                self.Sessions.Add(session);
                foreach (var d in body.RootElement.GetProperty("data").EnumerateArray())
                {
                    self.States[State(d)] = true;
                }

                await c.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["error_code"] = 0, ["message"] = "stored" });
            });
            await app.StartAsync();
            self = new Receiver(app, new Uri(app.Urls.First()));
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
