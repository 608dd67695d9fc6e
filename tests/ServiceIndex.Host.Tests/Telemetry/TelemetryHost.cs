using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Host.Tests.Api;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;
using ServiceIndex.Testing;

namespace ServiceIndex.Host.Tests.Telemetry;

/// <summary>
/// The local host's composition (pipeline jobs, API, telemetry) on loopback over Azurite and a small simulated history
/// with no live records, traces on (<c>Telemetry:Traces</c>) and kept in process by OpenTelemetry's in-memory exporter.
/// Ready once the pipeline has caught up; <see cref="StopAsync"/> stops the host so the spans can be read whole.
/// </summary>
public sealed class TelemetryHost : IAsyncLifetime
{
    public const string AdminKey = "telemetry-admin-key";

    private readonly AzuriteFixture _azurite = new();
    private readonly List<Activity> _spans = [];
    private SimulatorServer? _simulator;
    private WebApplication? _app;
    private bool _stopped;

    public HttpClient Http { get; private set; } = null!;

    public AzuriteFixture Azurite => _azurite;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var time = PinnedClock.Create();
        var options = new SimulatorOptions
        {
            Seed = 766,
            From = VietnamTime.Today(time).AddDays(-4),
            To = VietnamTime.Today(time),
            DossiersPerYear = 20_000,
            LiveRatePerSecond = 0,
        };
        _simulator = await SimulatorServer.StartAsync(options, time);
        var builder = ApiHost.NewBuilder(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Storage:NamePrefix"] = _azurite.NewPrefix(),
            ["Feed:BaseUrl"] = _simulator.BaseUrl.ToString(),
            ["Feed:ApiKey"] = options.ApiKey,
            ["Feed:PageSize"] = "100",
            ["Pipeline:PullSchedule"] = "*/2 * * * * *",
            ["Pipeline:RefreshSchedule"] = "0 0 0 1 1 *", // only the refresh that follows the applies
            ["Pipeline:RecomputeSchedule"] = "0 0 0 1 1 *",
            ["Admin:ApiKey"] = AdminKey,
            ["Telemetry:Traces"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddSingleton(time);
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
        _app = LocalHost.ComposeWeb(builder, services => services.AddPipelineJobs(builder.Configuration));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromSeconds(60) };
        await WaitUntilCaughtUpAsync();

        // One API read, then a scrape, while the host runs (the trace test stops it).
        using (await Http.GetAsync(new Uri("api/status", UriKind.Relative)))
        {
        }

        using var metrics = await Http.GetAsync(new Uri("metrics", UriKind.Relative));
        Metrics = (metrics.StatusCode, metrics.Content.Headers.ContentType?.ToString() ?? "", await metrics.Content.ReadAsStringAsync());

        // The dashboard's hour: one more point now (the timer adds one every 15 s), then what /api/operations answers.
        _app.Services.GetRequiredService<ServiceIndex.Pipeline.Diagnostics.OperationsHistory>().Sample();
        Operations = JsonDocument.Parse(await Http.GetStringAsync(new Uri("api/operations", UriKind.Relative))).RootElement.Clone();
    }

    /// <summary><c>GET /api/operations</c> right after <see cref="Metrics"/>.</summary>
    public JsonElement Operations { get; private set; }

    /// <summary><c>GET /metrics</c> once the pipeline had caught up and <c>/api/status</c> had been read once.</summary>
    public (HttpStatusCode Status, string ContentType, string Text) Metrics { get; private set; }

    /// <summary>Stops the host (idempotent): every span it started has ended and been exported.</summary>
    public async Task<IReadOnlyList<Activity>> StopAsync()
    {
        if (!_stopped && _app is not null)
        {
            _stopped = true;
            await _app.StopAsync();
        }

        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await StopAsync();
            await _app.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    private Task WaitUntilCaughtUpAsync() =>
        Eventually.UntilAsync(async () =>
        {
            using var response = await Http.GetAsync(new Uri("api/status", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            var done = response.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(body).RootElement is var status &&
                status.GetProperty("caughtUp").GetBoolean() && status.GetProperty("recordsApplied").GetInt64() > 0;
            return (done, body);
        }, "the pipeline to catch up", every: TimeSpan.FromMilliseconds(250));
}
