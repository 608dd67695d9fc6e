using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ServiceIndex.Simulator.Tests;

/// <summary>A well-formed change record as read back from the wire.</summary>
internal sealed record ChangeRecord(
    int Position, string Kind, string Id, int Version, DateTimeOffset ChangedAt, bool Deleted, JsonElement Data, string Text)
{
    public string? Str(string name) => Data.GetProperty(name).ValueKind == JsonValueKind.Null ? null : Data.GetProperty(name).GetString();

    public DateTimeOffset? Time(string name) => Str(name) is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    public bool Flag(string name) => Data.GetProperty(name).GetBoolean();

    /// <summary>A dossier's supplement requests, oldest first (none when the field is absent).</summary>
    public List<(DateTimeOffset RequestedAt, DateTimeOffset? ResumedAt)> Supplements() =>
        Data.TryGetProperty("supplements", out var supplements)
            ? [.. supplements.EnumerateArray().Select(s => (
                Parse(s.GetProperty("requestedAt").GetString()!),
                s.TryGetProperty("resumedAt", out var r) && r.ValueKind == JsonValueKind.String ? Parse(r.GetString()!) : (DateTimeOffset?)null))]
            : [];

    /// <summary>The spec's effective end of a handled dossier: completedAt less the applicant's waiting time.</summary>
    public DateTimeOffset EffectiveEnd() =>
        Time("completedAt")!.Value - Supplements().Aggregate(TimeSpan.Zero, (sum, s) => sum + (s.ResumedAt!.Value - s.RequestedAt));

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Small histories for tests and ways to read them back as JSON Lines.</summary>
internal static class Histories
{
    public static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>"Now" for generation: after every history the tests ask for, so nothing is clipped.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 2, 9, 0, 0, Vietnam);

    /// <summary>A clean, small history: no faults, no live activity.</summary>
    public static SimulatorOptions Small(int dossiersPerYear = 20_000, DateOnly? from = null, DateOnly? to = null) => new()
    {
        From = from ?? new DateOnly(2023, 4, 1),
        To = to ?? new DateOnly(2023, 6, 30),
        DossiersPerYear = dossiersPerYear,
        LiveRatePerSecond = 0,
        RecordFaults = RecordFaultOptions.None,
        HttpFaults = HttpFaultOptions.None,
    };

    public static SimulatedHistory Generate(SimulatorOptions options) =>
        SimulatorHistory.Generate(options, new FakeTimeProvider(Now));

    public static byte[] Bytes(SimulatorOptions options) => Bytes(Generate(options));

    public static byte[] Bytes(SimulatedHistory history)
    {
        using var stream = new MemoryStream();
        history.WriteJsonLinesAsync(stream).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    public static string[] Lines(SimulatedHistory history) => Lines(Bytes(history));

    public static string[] Lines(byte[] jsonLines)
    {
        var text = Encoding.UTF8.GetString(jsonLines);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n');
    }

    /// <summary>The lines that pass the feed rules, parsed.</summary>
    public static List<ChangeRecord> Records(IReadOnlyList<string> lines)
    {
        var records = new List<ChangeRecord>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (FeedRecordChecker.CheckLine(lines[i]) is not null)
            {
                continue;
            }

            using var document = JsonDocument.Parse(lines[i]);
            var root = document.RootElement;
            records.Add(new ChangeRecord(
                i,
                root.GetProperty("kind").GetString()!,
                root.GetProperty("id").GetString()!,
                root.GetProperty("version").GetInt32(),
                FeedRecordChecker.ParseTime(root.GetProperty("changedAt").GetString())!.Value,
                root.GetProperty("deleted").GetBoolean(),
                root.GetProperty("data").Clone(),
                lines[i]));
        }

        return records;
    }

    /// <summary>The newest version of each record of a kind.</summary>
    public static Dictionary<string, ChangeRecord> Latest(IEnumerable<ChangeRecord> records, string kind) =>
        records.Where(r => r.Kind == kind)
            .GroupBy(r => r.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Version)!, StringComparer.Ordinal);
}

/// <summary>A clean year of history at a small volume, generated and parsed once for many tests.</summary>
public sealed class YearHistory
{
    public YearHistory()
    {
        Options = Histories.Small(30_000, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31));
        Lines = Histories.Lines(Histories.Generate(Options));
        Records = Histories.Records(Lines);
        Units = Histories.Latest(Records, "unit");
        Procedures = Histories.Latest(Records, "procedure");
        Dossiers = Histories.Latest(Records, "dossier");
    }

    public SimulatorOptions Options { get; }

    internal string[] Lines { get; }

    internal List<ChangeRecord> Records { get; }

    internal Dictionary<string, ChangeRecord> Units { get; }

    internal Dictionary<string, ChangeRecord> Procedures { get; }

    internal Dictionary<string, ChangeRecord> Dossiers { get; }

    /// <summary>Field of a dossier's procedure.</summary>
    internal string FieldOf(ChangeRecord dossier) => Procedures[dossier.Str("procedureId")!].Str("field")!;

    /// <summary>Handled (completed or rejected), not deleted.</summary>
    internal IEnumerable<ChangeRecord> Handled() =>
        Dossiers.Values.Where(d => !d.Deleted && d.Str("status") is "completed" or "rejected");
}

[CollectionDefinition(Name)]
public sealed class YearHistoryCollection : ICollectionFixture<YearHistory>
{
    public const string Name = "A year of history";
}
