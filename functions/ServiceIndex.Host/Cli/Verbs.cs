using System.CommandLine;
using System.Globalization;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Host.Bench;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Cli;

/// <summary>The command line of <c>interfaces.md</c>: each verb parses, calls its handler, maps the result to an exit code.</summary>
internal static class Verbs
{
    public static RootCommand Build(TimeProvider time)
    {
        var root = new RootCommand("ServiceIndex: Decision 766 scores of a province's units, in real time.");
        root.Subcommands.Add(Run());
        root.Subcommands.Add(Score(time));
        root.Subcommands.Add(Simulate());
        root.Subcommands.Add(Bench());
        root.Subcommands.Add(Reliability.FaultsCommand.Create());
        return root;
    }

    private static Command Run()
    {
        var command = new Command("run", "The embedded default: Azurite, the simulator, the pipeline, the API and the dashboard on http://localhost:5080.");
        command.TreatUnmatchedTokensAsErrors = false; // configuration overrides pass through: --Feed:BaseUrl=…
        command.SetAction((parse, ct) => LocalHost.RunAsync([.. parse.UnmatchedTokens], Utf8Console.Out, ct));
        return command;
    }

    private static Command Bench()
    {
        var full = new Option<bool>("--full") { Description = "The full sizes (a year of history; slower). Default: a quick run." };
        var only = new Option<string?>("--only") { Description = $"Run one benchmark group only ({string.Join(", ", BenchCommand.Groups.Select(g => g.Name))})." };
        var command = new Command("bench", "Measure throughput, latency and cost against their targets, beside the naive way.") { full, only };
        command.SetAction((parse, ct) => BenchCommand.RunAsync(parse.GetValue(full), parse.GetValue(only), Utf8Console.Out, Utf8Console.Error, ct));
        return command;
    }

    private static Command Simulate()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the history (JSON Lines).", Required = true };
        var from = new Option<string?>("--from") { Description = "First day, yyyy-MM-dd (default 2023-01-01)." };
        var to = new Option<string?>("--to") { Description = "Last day, yyyy-MM-dd (default 2023-12-31)." };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same file.", DefaultValueFactory = _ => 766 };
        var volume = new Option<int?>("--dossiers-per-year") { Description = "Dossier volume (default: the map's, 600000 for Quảng Nam 2023, 1000000 for Đà Nẵng 2025)." };
        var map = new Option<string?>("--map") { Description = $"A bundled map ({string.Join(", ", HierarchyMaps.All)}; default: the one in force on the first day, Đà Nẵng from 2025-07-01)." };
        map.AcceptOnlyFromAmong([.. HierarchyMaps.All]);
        var hierarchy = new Option<FileInfo?>("--hierarchy") { Description = "A hierarchy file replacing the bundled maps." };
        var clean = new Option<bool>("--clean") { Description = "No duplicate, out-of-order or malformed records." };
        var format = new Option<string>("--format")
        {
            Description = "feed: change records (default); dvcqg: the national sync calls of the push mode (one DongBoHoSoMC body per line); dvcqg-feed: the change records equivalent to those calls (what a receiver of the push scores).",
            DefaultValueFactory = _ => "feed",
        };
        format.AcceptOnlyFromAmong("feed", "dvcqg", "dvcqg-feed");
        var command = new Command("simulate", "Write a calibrated history of the province as JSON Lines.")
        {
            output, from, to, seed, volume, map, hierarchy, clean, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var err = Utf8Console.Error;
            try
            {
                var defaults = new SimulatorOptions();
                var options = defaults with
                {
                    Seed = parse.GetValue(seed),
                    From = parse.GetValue(from) is { } f ? DateOnly.ParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture) : defaults.From,
                    To = parse.GetValue(to) is { } t ? DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture) : defaults.To,
                    HierarchyFile = parse.GetValue(hierarchy)?.FullName,
                    Map = parse.GetValue(map),
                    RecordFaults = parse.GetValue(clean) ? RecordFaultOptions.None : defaults.RecordFaults,
                };
                options.Validate();
                options = options with { DossiersPerYear = parse.GetValue(volume) ?? Hierarchy.For(options).DossiersPerYear ?? defaults.DossiersPerYear };
                options.Validate();
                var path = parse.GetValue(output)!.FullName;
                await SimulateCommand.WriteAsync(path, options, parse.GetValue(format)!, ct).ConfigureAwait(false);
                err.WriteLine($"wrote {path} ({new FileInfo(path).Length / (1024 * 1024)} MiB, {parse.GetValue(format)}) for {options.From:yyyy-MM-dd}..{options.To:yyyy-MM-dd}, seed {options.Seed}");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException)
            {
                err.WriteLine($"error: {ex.Message}");
                return ex is IOException or UnauthorizedAccessException ? 1 : 2;
            }
        });
        return command;
    }

    private static Command Score(TimeProvider time)
    {
        var input = new Option<FileInfo>("--input") { Description = "JSON Lines of change records (one feed item per line, any order, duplicates allowed).", Required = true };
        var period = new Option<string?>("--period") { Description = "2023, 2023-Q2, 2023-05 or 2023-04-17..2023-05-07 (default: the current month)." };
        var asOf = new Option<string?>("--as-of") { Description = "The moment taken as now, RFC 3339 (default: the end of the period or now, whichever is earlier)." };
        var format = new Option<string>("--format") { Description = "json, csv or table.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv", "table");
        var strict = new Option<bool>("--strict") { Description = "Exit with code 3 when any line was bad." };
        var rules = new Option<FileInfo?>("--rules") { Description = "A rules file overriding maxima and thresholds." };
        var command = new Command("score", "Offline: score every unit for a period from a file of change records.")
        {
            input, period, asOf, format, strict, rules,
        };
        command.SetAction((parse, ct) =>
        {
            var err = Utf8Console.Error;
            try
            {
                var (p, a) = ScoreCommand.ResolvePeriod(parse.GetValue(period), parse.GetValue(asOf), time);
                var rulesFile = parse.GetValue(rules);
                var indexRules = rulesFile is null ? IndexRules.Default : IndexRules.FromJson(File.ReadAllText(rulesFile.FullName));
                var book = new PeriodScoreBook(p, a, indexRules);
                ScoreRunSummary summary;
                using (var stream = new FileStream(parse.GetValue(input)!.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                {
                    summary = ScoreCommand.Read(stream, book, err, ct);
                }

                err.WriteLine($"read {summary.Lines} lines: {summary.Accepted} accepted, {summary.Duplicates} duplicate and {summary.Stale} stale versions ignored, {summary.Rejected} rejected, {summary.Blank} blank");
                var document = book.Document();
                switch (parse.GetValue(format))
                {
                    case "csv":
                        ScoreCommand.WriteCsv(Utf8Console.Out, document);
                        break;
                    case "table":
                        ScoreCommand.WriteTable(Utf8Console.Out, document);
                        break;
                    default:
                        using (var stdout = Console.OpenStandardOutput())
                        {
                            ScoreCommand.WriteJson(stdout, ScoreCommand.WithDelta(book, document));
                        }

                        break;
                }

                return Task.FromResult(parse.GetValue(strict) && summary.Rejected > 0 ? 3 : 0);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
            {
                err.WriteLine($"error: {ex.Message}");
                return Task.FromResult(ex is ArgumentException or FormatException ? 2 : 1);
            }
        });
        return command;
    }
}
