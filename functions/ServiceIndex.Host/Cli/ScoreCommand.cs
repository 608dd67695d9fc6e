using System.Globalization;
using System.Text;
using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Host.Cli;

/// <summary>Counts of what the offline scorer read.</summary>
internal sealed record ScoreRunSummary(long Lines, long Blank, long Accepted, long Duplicates, long Stale, long Rejected);

/// <summary>
/// The offline <c>score</c> verb: streams change records from JSON Lines into a
/// <see cref="PeriodScoreBook"/>, reports each bad line on the error writer, prints the document.
/// </summary>
internal static class ScoreCommand
{
    public static ScoreRunSummary Read(Stream input, PeriodScoreBook book, TextWriter errors, CancellationToken ct = default)
    {
        using var reader = new JsonLinesReader(input);
        long blank = 0, accepted = 0, duplicates = 0, stale = 0, rejected = 0;
        while (reader.TryReadLine(out var line))
        {
            if ((reader.LineNumber & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            if (line.Trim(" \t"u8).IsEmpty)
            {
                blank++;
                continue;
            }

            var result = ChangeRecordParser.Parse(line);
            if (result.Record is null)
            {
                rejected++;
                var r = result.Rejection!;
                var where = r.Id is null ? "" : $" ({r.Kind}/{r.Id}{(r.Version is { } v ? $" v{v}" : "")})";
                errors.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"line {reader.LineNumber}: {r.Reason} at '{r.Field}'{where}: {r.Message}"));
                continue;
            }

            switch (book.Apply(result.Record))
            {
                case VersionOutcome.Accepted: accepted++; break;
                case VersionOutcome.Duplicate: duplicates++; break;
                default: stale++; break;
            }
        }

        return new ScoreRunSummary(reader.LineNumber, blank, accepted, duplicates, stale, rejected);
    }

    public static void WriteJson(Stream output, ScoreDocument document)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ScoreJson.Indented.Encoder });
        JsonSerializer.Serialize(writer, document, ScoreJson.Indented);
        writer.Flush();
        output.Write("\n"u8);
    }

    /// <summary>
    /// The document with each unit's <c>scoreDelta</c> against the previous period of the same kind, scored from the same
    /// records at the same as-of time — when the file holds data of that period (a dossier or feedback received on or before
    /// its last day); otherwise, and for a custom range, every delta is null.
    /// </summary>
    public static ScoreDocument WithDelta(PeriodScoreBook book, ScoreDocument document)
    {
        ArgumentNullException.ThrowIfNull(book);
        var previousPeriod = ScoreDelta.PreviousOf(book.Period);
        var hasData = previousPeriod is not null && book.State.Live.Any(r => r.Data switch
        {
            DossierData d => VietnamTime.DayOf(d.ReceivedAt) <= previousPeriod.To,
            FeedbackData f => VietnamTime.DayOf(f.ReceivedAt) <= previousPeriod.To,
            _ => false,
        });
        if (!hasData)
        {
            return ScoreDelta.Apply(document, null);
        }

        var previous = new PeriodScoreBook(previousPeriod!, book.AsOf, book.Rules);
        foreach (var record in book.State.Live)
        {
            previous.Apply(record);
        }

        return ScoreDelta.Apply(document, previous.Document());
    }

    /// <summary>One row per unit: identity, total, rating, the five groups, then every indicator's points.</summary>
    public static void WriteCsv(TextWriter output, ScoreDocument document)
    {
        output.WriteLine(string.Join(',',
            ["unitId", "name", "level", "parentId", "total", "rating", .. Groups.All, .. IndexRules.Codes]));
        foreach (var u in document.Units)
        {
            var cells = new List<string>
            {
                Csv(u.UnitId), Csv(u.Name), u.Level, Csv(u.ParentId ?? ""), Number(u.Total), u.Rating,
            };
            cells.AddRange(Groups.All.Select(g => Number(u.Groups[g])));
            cells.AddRange(IndexRules.Codes.Select(c => Number(u.Indicators[c].Points)));
            output.WriteLine(string.Join(',', cells));
        }
    }

    /// <summary>A table for people: province first, children indented under their parents.</summary>
    public static void WriteTable(TextWriter output, ScoreDocument document, int maxUnits = int.MaxValue)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        output.WriteLine($"Kỳ đánh giá {document.Period.Label} ({document.Period.From} – {document.Period.To}), thời điểm {document.AsOf}");
        output.WriteLine();
        var header = string.Create(CultureInfo.InvariantCulture,
            $"{"Đơn vị",-44} {"Tổng",7} {"Xếp loại",-10} {"CKMB",6} {"Tiến độ",7} {"DVCTT",6} {"Số hóa",6} {"Hài lòng",8}");
        output.WriteLine(header);
        output.WriteLine(new string('─', header.Length));
        foreach (var u in document.Units.Take(maxUnits))
        {
            var d = u.ParentId is { } p && depth.TryGetValue(p, out var pd) ? pd + 1 : 0;
            depth[u.UnitId] = d;
            var name = new string(' ', 2 * d) + u.Name;
            if (name.Length > 44)
            {
                name = name[..43] + "…";
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-44} {u.Total,7:0.00} {Ratings.VietnameseName(u.Rating),-10} {u.Groups[Groups.Transparency],6:0.00} {u.Groups[Groups.Progress],7:0.00} {u.Groups[Groups.OnlineServices],6:0.00} {u.Groups[Groups.Digitisation],6:0.00} {u.Groups[Groups.Satisfaction],8:0.00}"));
        }

        if (document.Units.Count > maxUnits)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… và {document.Units.Count - maxUnits} đơn vị khác (dùng --format json hoặc csv để xem tất cả)"));
        }
    }

    public static (Period Period, DateTimeOffset AsOf) ResolvePeriod(string? periodText, string? asOfText, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        Period period;
        if (periodText is null)
        {
            period = Period.MonthOf(VietnamTime.DayOf(now));
        }
        else if (!Period.TryParse(periodText, out period!, out var error))
        {
            throw new ArgumentException(error);
        }

        DateTimeOffset asOf;
        if (asOfText is null)
        {
            asOf = now < period.LastSecond ? now : period.LastSecond;
        }
        else if (!Rfc3339.TryParse(asOfText, out asOf))
        {
            throw new ArgumentException($"--as-of '{asOfText}' is not an RFC 3339 date-time with offset (e.g. 2023-06-30T23:59:59+07:00).");
        }

        return (period, asOf);
    }

    private static string Number(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Console output in UTF-8, whatever the terminal's default.</summary>
internal static class Utf8Console
{
    public static TextWriter Out { get; } = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };

    public static TextWriter Error { get; } = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
}
