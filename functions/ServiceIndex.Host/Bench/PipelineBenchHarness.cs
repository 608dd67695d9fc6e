using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Http.Telemetry;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Host.Bench;

/// <summary>
/// The storage side of the pipeline benchmarks: an Azurite of its own (in memory, free ports, from
/// <c>tools/azurite</c>), so a run is reproducible from a clean clone and never touches another
/// emulator. Set <c>SERVICEINDEX_BENCH_AZURITE_PROFILE</c> to a folder to have V8 write a tick
/// profile of the emulator there (<c>--prof</c>; summarise it with <c>node --prof-process FILE</c>).
/// </summary>
internal sealed class PipelineBenchHarness : IAsyncDisposable
{
    public const string ProfileVariable = "SERVICEINDEX_BENCH_AZURITE_PROFILE";

    /// <summary>"1": the pipeline processes run the hosts' telemetry (docs/benchmarks.md, telemetry on and off).</summary>
    public const string TelemetryVariable = "SERVICEINDEX_BENCH_TELEMETRY";

    private readonly AzuriteProcess _azurite;

    private PipelineBenchHarness(AzuriteProcess azurite) => _azurite = azurite;

    public string ConnectionString => _azurite.ConnectionString;

    public static async Task<PipelineBenchHarness> StartAsync(CancellationToken ct)
    {
        var profile = Environment.GetEnvironmentVariable(ProfileVariable);
        // In memory, a million record rows take a few GiB of Node heap: lift Node's default ceiling.
        var node = new List<string> { "--max-old-space-size=12288" };
        if (!string.IsNullOrWhiteSpace(profile))
        {
            Directory.CreateDirectory(profile);
            node.Add("--prof"); // V8's tick log, written as it runs: isolate-*.log, read with `node --prof-process`
            node.Add("--logfile=" + Path.Combine(Path.GetFullPath(profile), "azurite-%p.log"));
            node.Add("--no-logfile-per-isolate");
        }

        var azurite = await AzuriteProcess.StartAsync(null, ct, preferDefaultPorts: false, nodeArguments: node).ConfigureAwait(false);
        return new PipelineBenchHarness(azurite);
    }

    /// <summary>CPU time and peak resident memory of the emulator so far.</summary>
    public ProcessSample Azurite() => ProcessSample.Of(_azurite.ProcessId);

    /// <summary>One pipeline "process" (its own composition root, caches and transaction counter) over this emulator.</summary>
    public PipelineBenchProcess CreateProcess(string prefix, TimeProvider time, IDictionary<string, string?> settings, Uri? feed = null, string? apiKey = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = ConnectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Feed:BaseUrl"] = (feed ?? new Uri("http://127.0.0.1:9/")).ToString(),
            ["Feed:ApiKey"] = apiKey ?? "unused",
        };
        foreach (var (key, value) in settings)
        {
            config[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton(time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        services.AddServiceIndexPipeline(configuration);
        var telemetry = Environment.GetEnvironmentVariable(TelemetryVariable) == "1";
        if (telemetry)
        {
            // What the hosts run (metrics listened to, every span recorded and handed to a batch exporter), minus the export itself.
            services.AddServiceIndexTelemetry(configuration, "serviceindex-bench", traces: true).WithPrometheusMetrics();
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter())));
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        if (telemetry)
        {
            _ = provider.GetRequiredService<TracerProvider>(); // no host here to start the providers
            _ = provider.GetRequiredService<MeterProvider>();
        }

        _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<FeedOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<PipelineOptions>>().Value;
        return new PipelineBenchProcess(provider);
    }

    public async ValueTask DisposeAsync()
    {
        await _azurite.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Takes spans and drops them: the SDK's whole in-process path without a collector to send to.</summary>
internal sealed class DiscardingExporter : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
}

/// <summary>The real composition root of the pipeline (<c>AddServiceIndexPipeline</c>), as one function instance.</summary>
internal sealed class PipelineBenchProcess(ServiceProvider provider) : IAsyncDisposable
{
    public PullJob Pull => provider.GetRequiredService<PullJob>();

    public ApplyJob Apply => provider.GetRequiredService<ApplyJob>();

    public ApplyQueueWorker Worker => provider.GetRequiredService<ApplyQueueWorker>();

    public ScoreRefresher Refresher => provider.GetRequiredService<ScoreRefresher>();

    public PipelineStorage Storage => provider.GetRequiredService<PipelineStorage>();

    public FeedClient Feed => provider.GetRequiredService<FeedClient>();

    public StorageTransactionCounter Transactions => provider.GetRequiredService<StorageTransactionCounter>();

    public PipelineOptions Options => provider.GetRequiredService<IOptions<PipelineOptions>>().Value;

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}

/// <summary>CPU time used and peak resident set of a process, read from <c>/proc</c> (zero where there is none).</summary>
internal readonly record struct ProcessSample(TimeSpan Cpu, long PeakBytes)
{
    public static ProcessSample Of(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of the file (11 and 12 after the command), in clock ticks (100/s on Linux).
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var hwm = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            var kib = hwm is null ? 0 : long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return new ProcessSample(TimeSpan.FromSeconds(ticks / 100.0), kib * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return default;
        }
    }

    public static ProcessSample Current()
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessSample(self.TotalProcessorTime, self.PeakWorkingSet64);
    }
}
