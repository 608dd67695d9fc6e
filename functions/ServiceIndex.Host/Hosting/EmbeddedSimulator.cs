using System.Globalization;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// What <c>run</c> simulates when no <c>Feed:BaseUrl</c> is set: the options (section <c>Simulator</c>, bound onto
/// <see cref="SimulatorOptions"/>: <c>Simulator:Mode</c>, <c>Simulator:Map</c>, <c>Simulator:PushUntidiness:*</c>, …;
/// the <c>LocalHost:Simulator*</c> keys set seed, span, volume and live rate) and, in push mode
/// (<c>Simulator:Mode=dvcqg</c>), the sync module pushing the dossiers to this host's <c>/api/dvcqg</c>.
/// </summary>
internal static class EmbeddedSimulator
{
    public const string Section = "Simulator";
    private const string MapFile = "simulator-map.txt";

    /// <summary>The simulator's options: today's map by default (the one in force on the history's first day), at the map's volume.</summary>
    /// <exception cref="ArgumentException">A value is out of range, or the stored data was fed by another map.</exception>
    public static SimulatorOptions Options(IConfiguration configuration, LocalHostOptions local, string stateFolder, DateOnly today)
    {
        var configured = configuration.GetSection(Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        var from = SimulatorAnchor.FirstDay(stateFolder, today.AddDays(-local.SimulatorHistoryDays));
        var options = configured with
        {
            Seed = local.SimulatorSeed,
            From = from,
            To = today,
            LiveRatePerSecond = local.SimulatorLiveRatePerSecond,
            Map = configured.HierarchyFile is null ? HierarchyMaps.Resolve(configured.Map, from) : null,
        };
        options.Validate();
        var hierarchy = Hierarchy.For(options);
        options = options with { DossiersPerYear = local.SimulatorDossiersPerYear ?? hierarchy.DossiersPerYear ?? options.DossiersPerYear };
        KeepMap(stateFolder, options.HierarchyFile ?? options.Map!);
        return options;
    }

    /// <summary>The console line of the feed.</summary>
    public static string Describe(SimulatorServer simulator)
    {
        var options = simulator.Feed.Options;
        var push = options.Mode == SimulatorModes.Dvcqg ? "; dossiers pushed to /api/dvcqg in the national sync format, the feed serves units, procedures and feedback" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"feed      embedded simulator at {simulator.BaseUrl}: {simulator.Feed.Count:#,0} changes of {simulator.Feed.History.Hierarchy.Root.Name} from {options.From:yyyy-MM-dd} ({options.DossiersPerYear:#,0} dossiers a year), then live at {options.LiveRatePerSecond}/s{push}");
    }

    /// <summary>In push mode, starts the sync module against this host (null otherwise) and reports on the console when the history is pushed.</summary>
    public static DvcqgPusher? StartPush(SimulatorServer? simulator, IConfiguration configuration, string hostUrl, TextWriter console)
    {
        if (simulator is null || simulator.Feed.Options.Mode != SimulatorModes.Dvcqg)
        {
            return null;
        }

        var pusher = DvcqgPusher.Start(simulator.Feed, new Uri(hostUrl.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)),
            configuration["Dvcqg:Username"]!, configuration["Dvcqg:Password"]!);
        console.WriteLine($"dvcqg     the simulator pushes its dossiers to {hostUrl}/api/dvcqg as the province's sync module (Simulator:Mode=dvcqg)");
        _ = pusher.HistoryPushed.ContinueWith(
            t => console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dvcqg     history pushed: {pusher.Dossiers:#,0} dossier states in {pusher.Calls:#,0} calls ({pusher.Logins} logins, {pusher.Failures} sent again); live states follow")),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return pusher;
    }

    /// <summary>Stored scores were fed by one map: another map's records would mix two hierarchies, so it is refused.</summary>
    private static void KeepMap(string folder, string map)
    {
        var path = Path.Combine(folder, MapFile);
        if (File.Exists(path))
        {
            var kept = File.ReadAllText(path).Trim();
            if (!string.Equals(kept, map, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The data in {folder} was fed by the simulator's map '{kept}', not '{map}': delete the folder (or set Simulator:Map={kept}) and start again.");
            }

            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(path, map);
    }
}
