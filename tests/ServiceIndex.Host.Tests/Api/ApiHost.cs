using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Apis;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;
using ServiceIndex.Http;
using ServiceIndex.Testing;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>
/// The real host in process on a real Kestrel port: the composition of <c>LocalHost.RunAsync</c>
/// (pipeline, its timers and queue workers, the API, security headers, dashboard) over an Azurite and
/// the bundled simulator serving two months of a small Quảng Nam (no live records, so the history is the
/// whole truth). The Quảng Nam 2023 map is chosen explicitly, although the default map of these dates is Đà Nẵng's:
/// the API's level filters, rankings and drill-downs are held against a three-tier hierarchy (districts between the
/// province and its communes), which the two-tier default no longer has. Started once for every API test class; ready when the pipeline has caught up and an
/// admin recompute has refreshed every period.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key";
    public const string AllowedOrigin = "https://dashboard.example";

    private readonly AzuriteFixture _azurite = new();
    private SimulatorServer? _simulator;
    private WebApplication? _app;
    private IReadOnlyList<ChangeRecord>? _records;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The host's services (to read what an endpoint stored).</summary>
    public IServiceProvider Services => _app!.Services;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The host's and the simulator's clock: pinned (<see cref="PinnedClock"/>), so the figures are the same any day.</summary>
    public TimeProvider Time { get; private set; } = TimeProvider.System;

    /// <summary>Now on the host's clock.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Today in Vietnam when the host started (the simulated history ends on it).</summary>
    public DateOnly Today { get; private set; }

    /// <summary>The month before the current one: wholly in the history and ended, so its scores do not move.</summary>
    public Period PreviousMonth => Period.MonthOf(Today).Previous();

    public Period CurrentMonth => Period.MonthOf(Today);

    /// <summary>Every well-formed record version the simulator serves, in feed order.</summary>
    public IReadOnlyList<ChangeRecord> Records => _records!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Time = PinnedClock.Create();
        Today = VietnamTime.Today(Time);
        var options = new SimulatorOptions
        {
            Seed = 766,
            From = Today.AddDays(-60),
            To = Today,
            DossiersPerYear = 20_000,
            LiveRatePerSecond = 0,
            Map = HierarchyMaps.QuangNam2023,
        };
        _simulator = await SimulatorServer.StartAsync(options, Time);
        _records = await ReadRecordsAsync(_simulator.Feed);

        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Storage:NamePrefix"] = _azurite.NewPrefix(),
            ["Feed:BaseUrl"] = _simulator.BaseUrl.ToString(),
            ["Feed:ApiKey"] = options.ApiKey,
            ["Pipeline:PullSchedule"] = "*/2 * * * * *",
            ["Pipeline:RefreshSchedule"] = "1/2 * * * * *",
            ["Pipeline:RecomputeSchedule"] = "0 0 0 1 1 *",
            ["Admin:ApiKey"] = AdminKey,
            ["RateLimiting:AdminPermitsPerMinute"] = "100000", // the API tests share one host and one client address
            ["Cors:AllowedOrigins:0"] = AllowedOrigin,
            ["Api:ScoresRevalidateAfter"] = "00:00:00.200",
            ["Api:RecordsRevalidateAfter"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ServiceIndex"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics"] = "None",
        };
        _app = Build(settings, Time);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await WaitUntilCaughtUpAsync(Eventually.Bound);
        using var recompute = await AdminAsync(HttpMethod.Post, "api/admin/recompute");
        if (recompute.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Recompute answered {(int)recompute.StatusCode}: {await recompute.Content.ReadAsStringAsync()}");
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>What <c>LocalHost.RunAsync</c> composes once its embedded Azurite and simulator are up (plus one route that throws).</summary>
    private static WebApplication Build(Dictionary<string, string?> settings, TimeProvider time)
    {
        var builder = NewBuilder(settings);
        builder.Services.AddSingleton(time); // as LocalHost:ClockStart does: the host and its simulator on one pinned clock
        var app = LocalHost.ComposeWeb(builder, services => services.AddPipelineJobs(builder.Configuration));
        app.MapGet("/api/test/throws", string () => throw new InvalidOperationException("secret detail that must not reach the client"));
        return app;
    }

    /// <summary>A production-like builder over the test output's <c>wwwroot</c>, configured by <paramref name="settings"/> alone.</summary>
    internal static WebApplicationBuilder NewBuilder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    public Task<HttpResponseMessage> GetAsync(string relative, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relative, UriKind.Relative));
        configure?.Invoke(request);
        return Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string relative)
    {
        using var response = await GetAsync(relative);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{relative} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<T> GetAsync<T>(string relative)
    {
        using var response = await GetAsync(relative);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{relative} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(ScoreJson.Options))!;
    }

    /// <param name="key">The X-Api-Key to send (default: the right one; null: none).</param>
    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string relative, HttpContent? content = null, string? key = AdminKey)
    {
        var request = new HttpRequestMessage(method, new Uri(relative, UriKind.Relative)) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Core's offline score book over the simulator's records: what the API must agree with.</summary>
    public PeriodScoreBook Book(Period period, DateTimeOffset asOf)
    {
        var book = new PeriodScoreBook(period, asOf);
        foreach (var record in Records)
        {
            book.Apply(record);
        }

        return book;
    }

    public static string Label(Period period) => Uri.EscapeDataString(period.Label);

    private Task WaitUntilCaughtUpAsync(TimeSpan timeout) =>
        Eventually.UntilAsync(async () =>
        {
            using var response = await Http.GetAsync(new Uri("api/status", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            var status = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement : default;
            return (response.IsSuccessStatusCode && status.GetProperty("caughtUp").GetBoolean() && status.GetProperty("recordsApplied").GetInt64() > 0, body);
        }, "the pipeline to catch up", timeout, TimeSpan.FromMilliseconds(250));

    internal static async Task<IReadOnlyList<ChangeRecord>> ReadRecordsAsync(ChangeFeed feed)
    {
        using var lines = new MemoryStream();
        await feed.History.WriteJsonLinesAsync(lines);
        var records = new List<ChangeRecord>();
        foreach (var line in Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(line)).Record is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }
}

/// <summary>API tests share one host (it takes a few seconds to backfill), run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ApiHostCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "Api host";
}

internal static class Invariant
{
    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
