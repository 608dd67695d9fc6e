using System.CommandLine;
using System.Globalization;
using System.Text;
using ServiceIndex.Host.Cli;

namespace ServiceIndex.Host.Reliability;

/// <summary>
/// <c>serviceindex faults --seeds N [--first-seed S] [--changes M] [--out FILE]</c>: the randomized fault
/// campaign (docs/reliability.md). Exit code 0 when every run ends equal to the offline truth, 1 otherwise.
/// </summary>
internal static class FaultsCommand
{
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "Runs, one per seed.", DefaultValueFactory = _ => 3 };
        var firstSeed = new Option<int>("--first-seed") { Description = "Seed of the first run.", DefaultValueFactory = _ => 1 };
        var changes = new Option<int>("--changes") { Description = "Feed changes per run, roughly.", DefaultValueFactory = _ => 3000 };
        var killShare = new Option<double>("--kill-share") { Description = "Share of runs whose host process is killed and restarted.", DefaultValueFactory = _ => 0.3 };
        var timeout = new Option<int>("--run-timeout") { Description = "Seconds a run may take to catch up.", DefaultValueFactory = _ => 240 };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the run lines and the summary to this file." };
        var storage = new Option<string?>("--storage") { Description = "A storage connection string (default: an in-memory Azurite on free ports)." };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once.", DefaultValueFactory = _ => 1 };
        var command = new Command("faults", "Randomized fault campaign: feed, storage and process faults; every run compared with the offline scores.")
        {
            seeds, firstSeed, changes, killShare, timeout, output, storage, parallel,
        };
        command.SetAction(async (parse, ct) =>
        {
            var err = Utf8Console.Error;
            var n = parse.GetValue(seeds);
            var m = parse.GetValue(changes);
            var share = parse.GetValue(killShare);
            if (n < 1 || m is < 100 or > 1_000_000 || share is < 0 or > 1)
            {
                err.WriteLine("error: --seeds must be ≥ 1, --changes 100 to 1,000,000, --kill-share 0 to 1.");
                return 2;
            }

            var options = new FaultCampaignOptions(n, parse.GetValue(firstSeed), m, share, TimeSpan.FromSeconds(parse.GetValue(timeout)),
                typeof(FaultsCommand).Assembly.Location, parse.GetValue(storage), Math.Clamp(parse.GetValue(parallel), 1, 16));
            var file = parse.GetValue(output);
            using var writer = file is null ? null : new StreamWriter(file.FullName, append: false, new UTF8Encoding(false));
            var tee = writer is null ? Utf8Console.Out : new TeeWriter(Utf8Console.Out, writer);
            tee.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"started {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName}, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
            var summary = await FaultCampaign.RunAsync(options, tee, ct).ConfigureAwait(false);
            tee.WriteLine(string.Create(CultureInfo.InvariantCulture, $"finished {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            tee.Flush();
            return summary.Failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Writes to the console and a file at once.</summary>
    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void Write(string? value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void WriteLine(string? value)
        {
            first.WriteLine(value);
            second.WriteLine(value);
        }

        public override void Flush()
        {
            first.Flush();
            second.Flush();
        }
    }
}
