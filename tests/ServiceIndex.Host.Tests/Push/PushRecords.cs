using System.Text;
using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.NationalSync;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Tests.Push;

/// <summary>One simulated history read three ways: the feed's records, the push mode's calls, and the records equivalent to them.</summary>
internal sealed class PushRecords
{
    private PushRecords(SimulatedHistory history, List<string> feed, List<string> calls, List<string> equivalent)
    {
        History = history;
        FeedLines = feed;
        CallLines = calls;
        EquivalentLines = equivalent;
    }

    public SimulatedHistory History { get; }

    /// <summary>The change feed of the feed mode, as JSON Lines.</summary>
    public List<string> FeedLines { get; }

    /// <summary>The push mode's <c>DongBoHoSoMC</c> bodies, one per line.</summary>
    public List<string> CallLines { get; }

    /// <summary>The records equivalent to the push (units, procedures, feedback of the feed, and the pushed dossier states).</summary>
    public List<string> EquivalentLines { get; }

    public static async Task<PushRecords> GenerateAsync(SimulatorOptions options, TimeProvider now)
    {
        var history = SimulatorHistory.Generate(options with { Mode = SimulatorModes.Dvcqg }, now);
        return new PushRecords(history,
            await LinesAsync(s => history.WriteJsonLinesAsync(s)),
            await LinesAsync(s => SimulatorPush.WriteCallsAsync(s, history)),
            await LinesAsync(s => SimulatorPush.WriteEquivalentRecordsAsync(s, history)));
    }

    /// <summary>Well-formed records of JSON Lines, as the offline <c>score</c> reads them.</summary>
    public static IEnumerable<ChangeRecord> Records(IEnumerable<string> lines) =>
        lines.Select(l => ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(l)).Record).OfType<ChangeRecord>();

    /// <summary>What a receiver of the calls applies: the feed's units, procedures and feedback, and every dossier of every call
    /// mapped as <c>DvcqgReceiver</c> maps it (derived versions), in the order sent.</summary>
    public IEnumerable<ChangeRecord> Received()
    {
        foreach (var record in Records(EquivalentLines).Where(r => r.Kind != RecordKind.Dossier))
        {
            yield return record;
        }

        foreach (var line in CallLines)
        {
            using var payload = NationalSyncPayload.TryParse(Encoding.UTF8.GetBytes(line), out var error) ?? throw new InvalidDataException(error);
            foreach (var dossier in payload.Dossiers(new NationalSyncMappingOptions()))
            {
                if (dossier.Record is { } record)
                {
                    yield return record;
                }
            }
        }
    }

    public static ScoreDocument Score(IEnumerable<ChangeRecord> records, Period period, DateTimeOffset asOf)
    {
        var book = new PeriodScoreBook(period, asOf);
        foreach (var record in records)
        {
            book.Apply(record);
        }

        return book.Document();
    }

    /// <summary>Indicator by indicator, the differences between two documents ("unit code: a/b = p vs c/d = q"), except the codes named.</summary>
    public static List<string> Differences(ScoreDocument expected, ScoreDocument actual, params string[] except) => Differences(expected, actual, except, []);

    /// <summary>As above; for the codes of <paramref name="ratioOnly"/> only the numerator and denominator are compared (their
    /// points carry another indicator's factor).</summary>
    public static List<string> Differences(ScoreDocument expected, ScoreDocument actual, string[] except, string[] ratioOnly)
    {
        var differences = new List<string>();
        var units = actual.Units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        foreach (var unit in expected.Units)
        {
            if (!units.TryGetValue(unit.UnitId, out var other))
            {
                differences.Add($"{unit.UnitId}: missing");
                continue;
            }

            foreach (var (code, indicator) in unit.Indicators.Where(i => !except.Contains(i.Key)))
            {
                var o = other.Indicators[code];
                if (indicator.Numerator != o.Numerator || indicator.Denominator != o.Denominator ||
                    (indicator.Points != o.Points && !ratioOnly.Contains(code)))
                {
                    differences.Add($"{unit.UnitId} {code}: {indicator.Numerator}/{indicator.Denominator} = {indicator.Points} vs {o.Numerator}/{o.Denominator} = {o.Points}");
                }
            }
        }

        return differences;
    }

    private static async Task<List<string>> LinesAsync(Func<Stream, Task> write)
    {
        using var stream = new MemoryStream();
        await write(stream);
        return [.. Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    public static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();
}
