using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One province of the national ranking as published on the national portal.</summary>
/// <param name="IsSelf">This province (the one the service scores).</param>
/// <param name="Total">Sum of the five groups.</param>
/// <param name="Rank">Rank by total (equal totals share a rank).</param>
/// <param name="DepartmentId">The portal's id of the province (read from the portal; null in an admin upload).</param>
/// <param name="Bars">The portal's six published bars by code (<c>CKMB, TDGQ, CLGQ, TTTT, MDSH, MDHL</c>; read from the portal; null in an admin upload).</param>
/// <param name="PublishedTotal">The portal's own <c>totalScore</c> (it may differ from <paramref name="Total"/> by rounding).</param>
public sealed record NationalProvince(string Province, bool IsSelf, IReadOnlyDictionary<string, decimal> Groups, decimal Total, int Rank,
    string? DepartmentId = null, IReadOnlyDictionary<string, decimal>? Bars = null, decimal? PublishedTotal = null);

/// <summary>
/// The national ranking of one period (the response of <c>PUT /api/admin/national-ranking</c>; its JSON
/// is also a valid import body).
/// </summary>
/// <param name="Source"><c>portal</c> when read from the national portal (<c>NationalPortal:BaseUrl</c>), <c>admin</c> (or null, before
/// sources were recorded) when uploaded by <c>PUT /api/admin/national-ranking</c>. The newest write of a period wins.</param>
public sealed record NationalRankingDocument(string Period, string ImportedAt, IReadOnlyList<NationalProvince> Provinces, string? Source = null);

/// <summary>What is wrong with one value of an import, where.</summary>
/// <param name="Line">1-based line of the body.</param>
/// <param name="Column">1-based column: the CSV column number, or the character position on the line for JSON.</param>
/// <param name="Field">The column or property concerned, when known.</param>
public sealed record ImportError(int Line, int Column, string? Field, string Message);

/// <summary>
/// Reads a national ranking table, CSV or JSON (<c>docs/api.md</c>), and says precisely what is wrong.
/// CSV: header <c>province,transparency,progress,onlineServices,digitisation,satisfaction</c> (any order;
/// optional <c>isSelf</c> and <c>total</c>), one row per province, comma-separated with decimal points, or
/// semicolon-separated (as spreadsheets in Vietnamese locales write it) with decimal points or commas.
/// JSON: <c>{"period":"2024","provinces":[{"province":"…","isSelf":true,"groups":{…}}]}</c>.
/// </summary>
public static partial class NationalRankingParser
{
    public const int MaxProvinces = 100;
    public const int MaxErrors = 50;
    private const int MaxNameLength = 100;

    private static readonly string[] Required = ["province", .. Groups.All];

    /// <summary>One province row as read, before totals and ranks: where it stands in the body, for errors.</summary>
    private sealed record ImportRow(string Province, bool IsSelf, IReadOnlyDictionary<string, decimal> Groups, int Line, int Column);

    /// <summary>The parsed rows, or the errors (never both).</summary>
    public sealed record Result(string? Period, IReadOnlyList<NationalProvince>? Provinces, IReadOnlyList<ImportError> Errors);

    /// <param name="body">The request body (UTF-8, a byte order mark is allowed).</param>
    /// <param name="json">True for JSON, false for CSV.</param>
    public static Result Parse(ReadOnlySpan<byte> body, bool json, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        if (Utf8.ToUtf16(body, new char[body.Length], out var read, out _, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            var (line, column) = new Positions(body).Of(read);
            return Failed(new ImportError(line, column, null, "The body is not valid UTF-8 text."));
        }

        return json ? ParseJson(body, rules) : ParseCsv(Encoding.UTF8.GetString(body), rules);
    }

    /// <summary>True when the body looks like JSON (first non-blank character is <c>{</c>).</summary>
    public static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        var trimmed = body.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }

    /// <summary>Totals and ranks (equal totals share a rank), best first.</summary>
    public static IReadOnlyList<NationalProvince> Ranked(IEnumerable<(string Province, bool IsSelf, IReadOnlyDictionary<string, decimal> Groups)> rows)
    {
        var withTotals = rows.Select(r => (r.Province, r.IsSelf, r.Groups, Total: Groups.All.Sum(g => r.Groups[g])))
            .OrderByDescending(r => r.Total).ThenBy(r => r.Province, StringComparer.Ordinal).ToList();
        var ranked = new List<NationalProvince>(withTotals.Count);
        for (var i = 0; i < withTotals.Count; i++)
        {
            var r = withTotals[i];
            var rank = i > 0 && withTotals[i - 1].Total == r.Total ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new NationalProvince(r.Province, r.IsSelf, r.Groups, r.Total, rank));
        }

        return ranked;
    }

    private static Result Failed(params ImportError[] errors) => new(null, null, errors);

    // ---- shared checks ----------------------------------------------------------------------

    private static Result Finish(string? period, List<ImportRow> rows,
        List<ImportError> errors)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = NameKey(row.Province);
            if (seen.TryGetValue(key, out var firstLine))
            {
                errors.Add(new ImportError(row.Line, row.Column, "province",
                    string.Create(CultureInfo.InvariantCulture, $"'{QueryInput.Shorten(row.Province)}' appears twice (first on line {firstLine}).")));
            }
            else
            {
                seen[key] = row.Line;
            }
        }

        var selves = rows.Where(r => r.IsSelf).ToList();
        if (selves.Count > 1)
        {
            errors.Add(new ImportError(selves[1].Line, selves[1].Column, "isSelf", "Only one province can be marked isSelf."));
        }

        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add(new ImportError(1, 1, null, "The table has no provinces."));
        }

        if (rows.Count > MaxProvinces)
        {
            errors.Add(new ImportError(rows[MaxProvinces].Line, 1, null, string.Create(CultureInfo.InvariantCulture, $"At most {MaxProvinces} provinces.")));
        }

        return errors.Count > 0
            ? new Result(null, null, errors.OrderBy(e => e.Line).ThenBy(e => e.Column).Take(MaxErrors).ToList())
            : new Result(period, Ranked(rows.Select(r => (r.Province, r.IsSelf, r.Groups))), []);
    }

    private static string? CheckProvince(string province) =>
        province.Length == 0 ? "The province name is empty."
        : province.Length > MaxNameLength || province.Any(char.IsControl)
            ? string.Create(CultureInfo.InvariantCulture, $"The province name must be at most {MaxNameLength} characters without control characters.")
            : null;

    private static string? ParseNumber(string text, bool decimalComma, out decimal value)
    {
        var normalised = decimalComma ? text.Replace(',', '.') : text;
        if (text.Length == 0)
        {
            value = 0;
            return "The value is empty; expected a number of points.";
        }

        if (!decimal.TryParse(normalised, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return $"'{QueryInput.Shorten(text)}' is not a number (use a decimal point, e.g. 16.25).";
        }

        return null;
    }

    private static string? CheckPoints(string group, decimal points, IndexRules rules)
    {
        var max = rules.MaxOfGroup(group);
        return points < 0 || points > max
            ? string.Create(CultureInfo.InvariantCulture, $"{group} is {points}, outside 0 to {max} (the group's maximum).")
            : null;
    }

    private static string? CheckTotal(decimal total, IReadOnlyDictionary<string, decimal> groups)
    {
        var sum = Groups.All.Sum(g => groups[g]);
        return Math.Abs(total - sum) > 0.05m
            ? string.Create(CultureInfo.InvariantCulture, $"total is {total} but the groups add up to {sum}.")
            : null;
    }

    private static bool TryBoolean(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "" or "FALSE" or "0" or "NO":
                value = false;
                return true;
            case "TRUE" or "1" or "YES" or "X":
                value = true;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>A province name compared without case, accents' encoding differences, surrounding spaces or a "Tỉnh"/"Thành phố" prefix.</summary>
    public static string NameKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Normalize(NormalizationForm.FormC).Trim().ToLower(CultureInfo.GetCultureInfo("vi-VN"));
        foreach (var prefix in new[] { "tỉnh ", "thành phố ", "tp. ", "tp " })
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                key = key[prefix.Length..].Trim();
                break;
            }
        }

        return string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Line and column (in characters) of a byte offset of a UTF-8 body.</summary>
    private readonly ref struct Positions(ReadOnlySpan<byte> body)
    {
        private readonly ReadOnlySpan<byte> _body = body;

        public (int Line, int Column) Of(long offset)
        {
            var end = (int)Math.Clamp(offset, 0, _body.Length);
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < end; i++)
            {
                if (_body[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            var column = 1;
            for (var i = lineStart; i < end; i++)
            {
                if ((_body[i] & 0xC0) != 0x80)
                {
                    column++;
                }
            }

            return (line, column);
        }

        public ImportError Error(long offset, string? field, string message)
        {
            var (line, column) = Of(offset);
            return new ImportError(line, column, field, message);
        }
    }
}
