using System.Net;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceIndex.Core.Time;
using ServiceIndex.Functions;
using ServiceIndex.Functions.Triggers;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;

namespace ServiceIndex.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app composed by its own <see cref="FunctionsComposition"/> (what Program.cs runs) over an Azurite and the
/// bundled simulator, with no gRPC channel to a Functions host: the host is built, never started. Its HTTP functions are
/// served by <see cref="FunctionServer"/> (a real Kestrel request per call, dispatched by the generated functions.metadata);
/// beside it the local host's web composition (no jobs of its own) on the same storage. The pipeline is driven through the
/// functions only: Pull (timer), Apply (every message taken from the queue), Refresh and Recompute (timers).
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime
{
    public const string AdminKey = "functions-test-admin-key";
    public const string WebhookKey = "functions-test-webhook-key";

    private readonly AzuriteFixture _azurite = new();
    private SimulatorServer? _simulator;
    private WebApplication? _local;

    public IHost Functions { get; private set; } = null!;

    public FunctionServer Server { get; private set; } = null!;

    public HttpClient Local { get; private set; } = null!;

    /// <summary>Both hosts read the wall clock from here: frozen at the start, so "now" (due-soon, status, as-of) is the same for both.</summary>
    public FrozenClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public Period PreviousMonth => Period.MonthOf(VietnamTime.Today(Clock)).Previous();

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var today = VietnamTime.Today(Clock);
        var simulator = new SimulatorOptions { Seed = 766, From = today.AddDays(-45), To = today, DossiersPerYear = 12_000, LiveRatePerSecond = 0 };
        _simulator = await SimulatorServer.StartAsync(simulator, TimeProvider.System);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Feed:BaseUrl"] = _simulator.BaseUrl.ToString(),
            ["Feed:ApiKey"] = simulator.ApiKey,
            ["Feed:WebhookKey"] = WebhookKey,
            ["Admin:ApiKey"] = AdminKey,
            ["Pipeline:PullSchedule"] = PipelineSchedules.Pull,
            ["Pipeline:RefreshSchedule"] = PipelineSchedules.Refresh,
            ["Pipeline:RecomputeSchedule"] = PipelineSchedules.Recompute,
            ["NationalPortal:BaseUrl"] = _simulator.BaseUrl.ToString(), // the simulator's stand-in portal
            ["NationalPortal:ProvinceId"] = _simulator.Portal.DepartmentId,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics"] = "None",
        };

        Functions = ComposeFunctions(settings, Clock);
        Server = await FunctionServer.StartAsync(Functions.Services, FunctionsMetadata.Read());
        _local = await StartLocalHostAsync(settings, Clock);
        Local = new HttpClient { BaseAddress = new Uri(_local.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/") };

        await CatchUpAsync();
    }

    public async Task DisposeAsync()
    {
        Local?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (_local is not null)
        {
            await _local.DisposeAsync();
        }

        Functions?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>What Program.cs builds: <c>FunctionsApplication.CreateBuilder</c> and <see cref="FunctionsComposition.AddServiceIndexFunctions"/>.</summary>
    public static IHost ComposeFunctions(Dictionary<string, string?> settings, TimeProvider clock)
    {
        var builder = Microsoft.Azure.Functions.Worker.Builder.FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(clock);
        builder.AddServiceIndexFunctions();
        return builder.Build();
    }

    /// <summary>A function class as the worker makes one: not registered, created over the host's services per invocation.</summary>
    public T Create<T>(IServiceProvider services) => ActivatorUtilities.CreateInstance<T>(services);

    public QueueClient Queue(string name) => Functions.Services.GetRequiredService<PipelineStorage>().Queue(name);

    /// <summary>Every message on the changes queue through the Apply function, as the queue trigger hands them over; returns how many.</summary>
    public async Task<int> ApplyQueuedAsync()
    {
        var applied = 0;
        var queue = Queue(StorageNames.ChangesQueue);
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(1))).Value;
            if (messages.Length == 0)
            {
                return applied;
            }

            foreach (var message in messages)
            {
                using var scope = Functions.Services.CreateScope();
                await Create<ApplyFunction>(scope.ServiceProvider).RunAsync(message.Body, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                applied++;
            }
        }
    }

    public async Task RunTimerAsync<T>(Func<T, TimerInfo, CancellationToken, Task> run)
    {
        using var scope = Functions.Services.CreateScope();
        await run(Create<T>(scope.ServiceProvider), new TimerInfo { IsPastDue = false }, CancellationToken.None);
    }

    private async Task CatchUpAsync()
    {
        // The national table and its status first: the local host's API warm-up caches the status once the pipeline has caught up.
        await RunTimerAsync<NationalPortalFunction>((f, t, ct) => f.RunAsync(t, ct));
        for (var round = 0; round < 50; round++)
        {
            await RunTimerAsync<PullFunction>((f, t, ct) => f.RunAsync(t, ct));
            if (await ApplyQueuedAsync() == 0)
            {
                break;
            }
        }

        await RunTimerAsync<RecomputeFunction>((f, t, ct) => f.RunAsync(t, ct));
        await RunTimerAsync<RefreshFunction>((f, t, ct) => f.RunAsync(t, ct));
    }

    private static async Task<WebApplication> StartLocalHostAsync(Dictionary<string, string?> settings, TimeProvider clock)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Urls"] = "http://127.0.0.1:0";
        builder.Configuration["RateLimiting:Enabled"] = "false"; // one test client; the limits have their own tests
        builder.Services.AddSingleton(clock);
        var app = LocalHost.ComposeWeb(builder);
        await app.StartAsync();
        return app;
    }
}

/// <summary>A wall clock stopped at one instant; timers and timestamps stay real (delays still elapse).</summary>
public sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

[CollectionDefinition(Name)]
public sealed class FunctionsAppCollection : ICollectionFixture<FunctionsApp>
{
    public const string Name = "Functions app";
}
