using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;
using ServiceIndex.Testing;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>
/// The real host (<see cref="LocalHost.Compose"/>) on a real Kestrel port over Azurite, whose pull and refresh timers
/// never fire after the first run: whatever it learns after start-up comes through <c>POST /api/feed/notify</c>
/// (the pull) and the apply workers draining the queue (the refresh). The simulator's live mode is suspended
/// except while a test appends changes.
/// </summary>
public sealed class NotifyHost : IAsyncLifetime
{
    public const string WebhookKey = "test-webhook-key";

    private readonly AzuriteFixture _azurite = new();
    private WebApplication? _app;

    public SimulatorServer Simulator { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var time = PinnedClock.Create();
        var today = VietnamTime.Today(time);
        var options = new SimulatorOptions { Seed = 61, From = today.AddDays(-3), To = today, DossiersPerYear = 20_000, LiveRatePerSecond = 20 };
        Simulator = await SimulatorServer.StartAsync(options, time);
        Simulator.Feed.SuspendLive();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Storage:NamePrefix"] = _azurite.NewPrefix(),
            ["Feed:BaseUrl"] = Simulator.BaseUrl.ToString(),
            ["Feed:ApiKey"] = options.ApiKey,
            ["Feed:WebhookKey"] = WebhookKey,
            ["Pipeline:PullSchedule"] = "0 0 0 1 1 *",
            ["Pipeline:RefreshSchedule"] = "0 0 0 1 1 *",
            ["Pipeline:RecomputeSchedule"] = "0 0 0 1 1 *",
            ["Admin:ApiKey"] = "test-admin-key",
            ["Api:ScoresRevalidateAfter"] = "00:00:00.200",
            ["Api:RecordsRevalidateAfter"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ServiceIndex"] = "Error",
            ["Logging:LogLevel:ServiceIndex.Pipeline"] = "Error",
        });
        builder.Services.AddSingleton(time); // the host reads the simulator's clock, as LocalHost:ClockStart makes it
        _app = LocalHost.Compose(builder, TextWriter.Null);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromSeconds(60) };
        await Eventually.TrueAsync(async () => (await StatusAsync()) is { } s && s.GetProperty("caughtUp").GetBoolean() && s.GetProperty("recordsApplied").GetInt64() > 0,
            "the first pull (run on start) to be applied and scored");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    public Task<HttpResponseMessage> NotifyAsync(string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/feed/notify", UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Webhook-Key", key);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Lets the simulator append live changes until at least <paramref name="count"/> are in the feed.</summary>
    public async Task<long> AppendAsync(int count)
    {
        var before = Simulator.Feed.Count;
        Simulator.Feed.ResumeLive();
        await Eventually.TrueAsync(() => Simulator.Feed.Count >= before + count, $"{count} live changes in the feed", every: TimeSpan.FromMilliseconds(20));
        Simulator.Feed.SuspendLive();
        return Simulator.Feed.Count;
    }

    public async Task<JsonElement?> StatusAsync()
    {
        using var response = await Http.GetAsync(new Uri("api/status", UriKind.Relative));
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
    }
}

[CollectionDefinition(Name)]
public sealed class NotifyHostCollection : ICollectionFixture<NotifyHost>
{
    public const string Name = "Notify host";
}

[Collection(NotifyHostCollection.Name)]
public sealed class FeedNotifyTests(NotifyHost host)
{
    [Fact]
    public async Task A_notification_without_a_key_is_refused_with_401()
    {
        using var response = await host.NotifyAsync(key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_notification_with_a_wrong_key_is_refused_with_403()
    {
        using var response = await host.NotifyAsync("not-the-key");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_notification_pulls_applies_and_scores_new_changes_without_waiting_for_the_timers()
    {
        var before = (await host.StatusAsync())!.Value;
        var end = await host.AppendAsync(5);

        using var response = await host.NotifyAsync(NotifyHost.WebhookKey);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The timers fire once a year: only the notification can pull, and only the drained queue can refresh.
        await Eventually.TrueAsync(async () => (await host.StatusAsync()) is { } s && ChangeFeed.TryPositionOf(s.GetProperty("scoresCursor").GetString(), out var p) && p >= end,
            "the scores to include every appended change");
        var after = (await host.StatusAsync())!.Value;
        Assert.True(after.GetProperty("itemsPulled").GetInt64() >= before.GetProperty("itemsPulled").GetInt64() + 5);
        Assert.NotEqual(before.GetProperty("scoresAsOf").GetString(), after.GetProperty("scoresAsOf").GetString());
    }

    [Fact]
    public async Task Changes_applied_after_a_notification_reach_the_record_lists_with_a_new_etag()
    {
        using var first = await host.Http.GetAsync(new Uri("api/due-soon?days=60&limit=1000", UriKind.Relative));
        var etag = first.Headers.ETag!.ToString();
        var total = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32();
        await host.AppendAsync(20); // new live dossiers are open with deadlines ahead: due within 60 days

        using var response = await host.NotifyAsync(NotifyHost.WebhookKey);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string? newTag = null;
        var newTotal = total;
        await Eventually.TrueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/due-soon?days=60&limit=1000", UriKind.Relative));
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            using var again = await host.Http.SendAsync(request);
            if (again.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            newTag = again.Headers.ETag!.ToString();
            newTotal = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32();
            return newTotal > total;
        }, "the due-soon list to hold the new dossiers");
        Assert.NotEqual(etag, newTag);
        Assert.True(newTotal > total);
    }
}
