using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Bench;

/// <summary>What a benchmark host serves.</summary>
/// <param name="HistoryDays">Days of simulated history before live mode (the backfill).</param>
/// <param name="LiveRatePerSecond">Live changes per second once <see cref="HostBenchHost.Simulator"/>'s live mode is resumed (it starts suspended).</param>
/// <param name="Settings">Extra host configuration (schedules, API cache settings).</param>
internal sealed record HostBenchSettings(int HistoryDays, double LiveRatePerSecond, IReadOnlyDictionary<string, string?>? Settings = null);

/// <summary>
/// The real local host (<see cref="LocalHost.Compose"/>) on a free port, with its own in-memory Azurite and the
/// bundled simulator (live mode suspended until a benchmark resumes it, webhook configured but switched off):
/// what <c>serviceindex run</c> starts, minus the console.
/// </summary>
internal sealed class HostBenchHost : IAsyncDisposable
{
    public const string WebhookKey = "bench-webhook-key";

    private AzuriteProcess? _azurite;
    private WebApplication? _app;

    public SimulatorServer Simulator { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Backfill: feed records applied and how long until caught up.</summary>
    public long RecordsApplied { get; private set; }

    public TimeSpan CatchUpTime { get; private set; }

    public static async Task<HostBenchHost> StartAsync(HostBenchSettings settings, TextWriter log, CancellationToken ct)
    {
        var host = new HostBenchHost();
        try
        {
            await host.InitializeAsync(settings, log, ct).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(HostBenchSettings settings, TextWriter log, CancellationToken ct)
    {
        var time = TimeProvider.System;
        _azurite = await AzuriteProcess.StartAsync(dataFolder: null, ct, preferDefaultPorts: false).ConfigureAwait(false);
        var port = FreePort();
        var today = VietnamTime.Today(time);
        var options = new SimulatorOptions
        {
            From = today.AddDays(-settings.HistoryDays),
            To = today,
            LiveRatePerSecond = settings.LiveRatePerSecond,
            NotifyUrl = settings.LiveRatePerSecond > 0 ? string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/api/feed/notify") : null,
            NotifyKey = WebhookKey,
        };
        Simulator = await SimulatorServer.StartAsync(options, time, "http://127.0.0.1:0", ct).ConfigureAwait(false);
        Simulator.Feed.SuspendLive();
        if (Simulator.Notifier is { } notifier)
        {
            notifier.Enabled = false;
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  host: in-memory Azurite, simulator {Simulator.Feed.Count:#,0} changes from {options.From:yyyy-MM-dd}, API on port {port}"));
        var config = new Dictionary<string, string?>
        {
            ["Urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Feed:BaseUrl"] = Simulator.BaseUrl.ToString(),
            ["Feed:ApiKey"] = options.ApiKey,
            ["Feed:WebhookKey"] = WebhookKey,
            ["Admin:ApiKey"] = "bench-admin-key",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ServiceIndex"] = "Error",
            ["Logging:LogLevel:ServiceIndex.Pipeline"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        };
        foreach (var (key, value) in settings.Settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(config);
        _app = LocalHost.Compose(builder, TextWriter.Null);
        var started = TimeProvider.System.GetTimestamp();
        await _app.StartAsync(ct).ConfigureAwait(false);
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        using var http = new HttpClient { BaseAddress = BaseAddress };
        RecordsApplied = await WaitUntilCaughtUpAsync(http, TimeSpan.FromMinutes(10), ct).ConfigureAwait(false);
        CatchUpTime = TimeProvider.System.GetElapsedTime(started);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  host: caught up, {RecordsApplied:#,0} records applied in {CatchUpTime.TotalSeconds:0} s"));
    }

    /// <summary>Waits until <c>/api/status</c> says caught up (everything pulled is applied and in the scores).</summary>
    public static async Task<long> WaitUntilCaughtUpAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var status = await http.GetFromJsonAsync<JsonElement>("api/status", ct).ConfigureAwait(false);
                if (status.GetProperty("caughtUp").GetBoolean() && status.GetProperty("recordsApplied").GetInt64() > 0)
                {
                    return status.GetProperty("recordsApplied").GetInt64();
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        throw new TimeoutException($"The benchmark host did not catch up within {timeout.TotalMinutes:0} minutes.");
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync().ConfigureAwait(false);
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
        }
    }
}
