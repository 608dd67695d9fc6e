using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>
/// The real host (pipeline, its timers and queue workers, API) on a real Kestrel port over Azurite, on the pinned clock, with the bundled
/// simulator serving two months of a small Quảng Nam and its stand-in national portal; <c>NationalPortal:BaseUrl</c> points at the
/// stand-in, as <c>run</c> does. Nobody uploads a national table: the NationalPortal timer reads it at start. Ready when the pipeline has
/// caught up, an admin recompute has refreshed every period and the reader has stored the tables.
/// </summary>
public sealed class PortalHost : IAsyncLifetime
{
    public const string AdminKey = "portal-test-admin-key";

    /// <summary>Retries after the first attempt (kept small: a failing read retries this many times per request).</summary>
    public const int MaxRetries = 3;

    private readonly AzuriteFixture _azurite = new();
    private WebApplication? _app;

    public SimulatorServer Simulator { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public TimeProvider Time { get; private set; } = TimeProvider.System;

    public Period CurrentMonth => Period.MonthOf(VietnamTime.Today(Time));

    /// <summary>Every well-formed record version the simulator serves.</summary>
    public IReadOnlyList<ChangeRecord> Records { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Time = PinnedClock.Create();
        var today = VietnamTime.Today(Time);
        var options = new SimulatorOptions { Seed = 766, From = today.AddDays(-60), To = today, DossiersPerYear = 20_000, LiveRatePerSecond = 0 };
        Simulator = await SimulatorServer.StartAsync(options, Time);
        Records = await ApiHost.ReadRecordsAsync(Simulator.Feed);
        var builder = ApiHost.NewBuilder(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Storage:NamePrefix"] = _azurite.NewPrefix(),
            ["Feed:BaseUrl"] = Simulator.BaseUrl.ToString(),
            ["Feed:ApiKey"] = options.ApiKey,
            ["Pipeline:PullSchedule"] = "*/2 * * * * *",
            ["Pipeline:RefreshSchedule"] = "1/2 * * * * *",
            ["Pipeline:RecomputeSchedule"] = "0 0 0 1 1 *",
            ["NationalPortal:BaseUrl"] = Simulator.BaseUrl.ToString(),
            ["NationalPortal:ProvinceId"] = Simulator.Portal.DepartmentId,
            ["NationalPortal:Schedule"] = "0 0 0 1 1 *", // at start only (the tests run the job themselves after that)
            ["NationalPortal:MaxRetries"] = MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NationalPortal:RetryBaseDelay"] = "00:00:00.010",
            ["Admin:ApiKey"] = AdminKey,
            ["Api:SmallReadsCacheFor"] = "00:00:00",
            ["Api:RecordsRevalidateAfter"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ServiceIndex"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics"] = "None",
        });
        builder.Services.AddSingleton(Time);
        _app = LocalHost.ComposeWeb(builder, services => services.AddPipelineJobs(builder.Configuration));
        await _app.StartAsync();
        Http = new HttpClient
        {
            BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        await EventuallyAsync(s => s.GetProperty("caughtUp").GetBoolean() && s.GetProperty("recordsApplied").GetInt64() > 0 &&
            s.GetProperty("nationalPortal").GetProperty("lastSuccessAt").ValueKind == JsonValueKind.String);
        using var recompute = new HttpRequestMessage(HttpMethod.Post, "api/admin/recompute");
        recompute.Headers.Add("X-Api-Key", AdminKey);
        using var response = await Http.SendAsync(recompute);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Recompute answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
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

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    public async Task<JsonElement> GetJsonAsync(string relative)
    {
        using var response = await Http.GetAsync(new Uri(relative, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{relative} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task EventuallyAsync(Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync(new Uri("api/status", UriKind.Relative));
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && condition(JsonDocument.Parse(last).RootElement))
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The portal host was not ready within 120 s; last status: {last}");
    }
}

[CollectionDefinition(Name)]
public sealed class PortalHostCollection : ICollectionFixture<PortalHost>
{
    public const string Name = "Portal host";
}
