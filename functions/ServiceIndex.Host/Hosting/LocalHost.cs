using System.Globalization;
using System.Security.Cryptography;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Apis;
using ServiceIndex.Host.Cli;
using ServiceIndex.Http;
using ServiceIndex.Http.Telemetry;
using ServiceIndex.Pipeline;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// The <c>run</c> verb: the embedded default of interfaces.md. Starts Azurite unless
/// <c>Storage:ConnectionString</c> or <c>Storage:AccountName</c> is set, the bundled simulator
/// unless <c>Feed:BaseUrl</c> is set, then the pipeline's timers and queue workers, the API and the
/// dashboard on one ASP.NET Core host.
/// </summary>
internal static class LocalHost
{
    public static async Task<int> RunAsync(string[] args, TextWriter console, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        var local = builder.Configuration.GetSection(LocalHostOptions.Section).Get<LocalHostOptions>() ?? new LocalHostOptions();
        TimeProvider time;
        try
        {
            time = local.Clock();
        }
        catch (FormatException ex)
        {
            await Utf8Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        if (time is StartedClock started)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"clock     starts at {started.Start:yyyy-MM-dd'T'HH:mm:sszzz} ({LocalHostOptions.Section}:ClockStart) and runs on at real speed"));
        }

        await using var embedded = new EmbeddedServices();
        var stateFolder = Path.Combine(RepositoryRoot.Find(), ".local");
        if (string.IsNullOrWhiteSpace(builder.Configuration["Storage:ConnectionString"]) &&
            string.IsNullOrWhiteSpace(builder.Configuration["Storage:AccountName"]))
        {
            var folder = Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), local.AzuriteDataFolder));
            stateFolder = folder;
            embedded.Azurite = await AzuriteProcess.StartAsync(folder, ct).ConfigureAwait(false);
            builder.Configuration["Storage:ConnectionString"] = embedded.Azurite.ConnectionString;
            console.WriteLine($"storage   embedded Azurite, data in {folder}");
        }
        else
        {
            console.WriteLine($"storage   {(builder.Configuration["Storage:AccountName"] is { Length: > 0 } account ? $"account {account} (managed identity)" : "from Storage:ConnectionString")}");
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["Feed:BaseUrl"]))
        {
            SimulatorOptions options;
            try
            {
                options = EmbeddedSimulator.Options(builder.Configuration, local, stateFolder, VietnamTime.Today(time)) with
                {
                    // NationalPortal:ProvinceId without a base URL names our row of the stand-in portal (default: the root's province).
                    PortalDepartmentId = string.IsNullOrWhiteSpace(builder.Configuration["NationalPortal:BaseUrl"]) &&
                        builder.Configuration["NationalPortal:ProvinceId"] is { Length: > 0 } provinceId ? provinceId : null,
                };
            }
            catch (ArgumentException ex)
            {
                await Utf8Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            embedded.Simulator = await SimulatorServer.StartAsync(options, time, "http://127.0.0.1:0", ct).ConfigureAwait(false);
            builder.Configuration["Feed:BaseUrl"] = embedded.Simulator.BaseUrl.ToString();
            builder.Configuration["Feed:ApiKey"] = options.ApiKey;
            console.WriteLine(EmbeddedSimulator.Describe(embedded.Simulator));

            if (string.IsNullOrWhiteSpace(builder.Configuration["NationalPortal:BaseUrl"]))
            {
                // The simulator's stand-in portal publishes the national table (34 provinces, ours from the synced dossiers).
                builder.Configuration["NationalPortal:BaseUrl"] = embedded.Simulator.BaseUrl.ToString();
                builder.Configuration["NationalPortal:ProvinceId"] ??= embedded.Simulator.Portal.DepartmentId;
                console.WriteLine($"portal    stand-in national portal at {embedded.Simulator.BaseUrl} (our departmentId {builder.Configuration["NationalPortal:ProvinceId"]})");
            }
        }
        else
        {
            console.WriteLine($"feed      {builder.Configuration["Feed:BaseUrl"]}");
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["Admin:ApiKey"]))
        {
            builder.Configuration["Admin:ApiKey"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            console.WriteLine($"admin     X-Api-Key: {builder.Configuration["Admin:ApiKey"]}   (generated for this run; set Admin:ApiKey to fix it)");
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["Dvcqg:Username"]) && string.IsNullOrWhiteSpace(builder.Configuration["Dvcqg:Password"]))
        {
            builder.Configuration["Dvcqg:Username"] = "serviceindex";
            builder.Configuration["Dvcqg:Password"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            console.WriteLine($"dvcqg     username: serviceindex   password: {builder.Configuration["Dvcqg:Password"]}   (national sync push, /api/dvcqg; generated for this run; set Dvcqg:Username and Dvcqg:Password to fix them)");
        }

        builder.Services.AddSingleton(time); // before the pipeline's default (the system clock): one "now" for every part

        // The console shows progress and one line per kind of problem (ProgressReporter); the details go to the log file.
        using var logFile = new LogFile(Path.Combine(RepositoryRoot.Find(), ".local", "serviceindex.log"), time);
        builder.Logging.AddProvider(logFile);
        builder.Logging.AddFilter<LogFile>("ServiceIndex", LogLevel.Information);
        foreach (var noisy in local.QuietConsole ? ["ServiceIndex", "Polly", "System.Net.Http", "Azure"] : Array.Empty<string>())
        {
            builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(noisy, LogLevel.Error);
        }

        builder.Services.AddSingleton(logFile);
        console.WriteLine($"log       {logFile.Path}");
        await using var app = Compose(builder, console);
        await app.StartAsync(ct).ConfigureAwait(false);
        var url = app.Urls.FirstOrDefault() ?? "http://localhost:5080";
        await using var pusher = EmbeddedSimulator.StartPush(embedded.Simulator, builder.Configuration, url, console);
        console.WriteLine($"dashboard {url}/");
        console.WriteLine($"api       {url}/api/scores   {url}/api/status");
        console.WriteLine("Ctrl+C stops; work in hand finishes or goes back to the queue, nothing is lost.");
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The host once storage and feed are configured: the pipeline, its timers and queue workers, the API,
    /// security headers and the dashboard (the benchmarks' <c>HostBench</c> starts the very same composition).
    /// </summary>
    internal static WebApplication Compose(WebApplicationBuilder builder, TextWriter console) =>
        ComposeWeb(builder, services =>
        {
            services.AddPipelineJobs(builder.Configuration);
            services.AddHostedService<ProgressReporter>();
            services.AddSingleton(console);
        });

    /// <summary>
    /// The API, security headers and dashboard over the pipeline's services; <paramref name="hostedWork"/> adds what runs
    /// in the background (timers, queue workers, progress). Tests compose the web part with or without the pipeline's jobs.
    /// </summary>
    internal static WebApplication ComposeWeb(WebApplicationBuilder builder, Action<IServiceCollection>? hostedWork = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The API answers from memory; a blocking full collection would stall every request at once. Background
        // (concurrent) collections only, as long as memory allows.
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;

        builder.AddServiceIndexPipeline();
        builder.AddServiceIndexApi(); // query handlers, problem details, admin auth, CORS, OpenAPI (Apis/ApiEndpoints.cs)
        var telemetry = builder.Configuration.GetValue("Telemetry:Enabled", true);
        if (telemetry)
        {
            // Metrics (GET /metrics, OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set) and traces (ServiceIndex.Http/Telemetry).
            builder.Services.AddServiceIndexTelemetry(builder.Configuration, "serviceindex-local").WithPrometheusMetrics();
        }

        hostedWork?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseSecurityHeaders(); // CSP, nosniff, frame and referrer headers on every response (ServiceIndex.Http/SecurityHeaders.cs)
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapServiceIndexApi();
        if (telemetry)
        {
            app.MapPrometheusMetrics(); // open on loopback, admin credentials otherwise
        }

        return app;
    }

    /// <summary>Processes the host started itself, stopped after the host (and its workers) have stopped.</summary>
    private sealed class EmbeddedServices : IAsyncDisposable
    {
        public AzuriteProcess? Azurite { get; set; }

        public SimulatorServer? Simulator { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Simulator is not null)
            {
                await Simulator.DisposeAsync().ConfigureAwait(false);
            }

            if (Azurite is not null)
            {
                await Azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
