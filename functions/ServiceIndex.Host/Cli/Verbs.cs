using System.CommandLine;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Host.Cli;

/// <summary>The command line of <c>interfaces.md</c>: each verb parses, calls its handler, maps the result to an exit code.</summary>
internal static class Verbs
{
    public static RootCommand Build(TimeProvider time)
    {
        var root = new RootCommand("ServiceIndex: Decision 766 scores of a province's units, in real time.");
        root.Subcommands.Add(Score(time));
        return root;
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
                            ScoreCommand.WriteJson(stdout, document);
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
