using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Queries;

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
public static class NationalRankingParser
{
    public const int MaxProvinces = 100;
    public const int MaxErrors = 50;
    private const int MaxNameLength = 100;

    private static readonly string[] Required = ["province", .. Groups.All];

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

    // ---- CSV --------------------------------------------------------------------------------

    private static Result ParseCsv(string text, IndexRules rules)
    {
        var newline = text.AsSpan().IndexOfAny('\r', '\n');
        var firstLine = newline >= 0 ? text.AsSpan(0, newline) : text.AsSpan();
        var records = CsvRecords(text, firstLine.Contains(';') && !firstLine.Contains(',') ? ';' : ',').ToList();
        var errors = new List<ImportError>();
        var nonEmpty = records.Where(r => !(r.Fields.Count == 1 && string.IsNullOrWhiteSpace(r.Fields[0].Value))).ToList();
        if (nonEmpty.Count == 0)
        {
            return Failed(new ImportError(1, 1, null, "The CSV is empty; expected a header line " +
                "'province,transparency,progress,onlineServices,digitisation,satisfaction' and one line per province."));
        }

        var header = nonEmpty[0];
        if (header.Unterminated)
        {
            return Failed(new ImportError(header.Line, 1, null, "A quoted value is not closed."));
        }

        var delimiter = header.Delimiter;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = Required.Concat(["isSelf", "total"]).ToList();
        for (var c = 0; c < header.Fields.Count; c++)
        {
            var name = header.Fields[c].Value.Trim();
            var canonical = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (canonical is null)
            {
                errors.Add(new ImportError(header.Line, c + 1, name, $"Unknown column '{QueryInput.Shorten(name)}'; expected {string.Join(", ", known)}."));
            }
            else if (!columns.TryAdd(canonical, c))
            {
                errors.Add(new ImportError(header.Line, c + 1, canonical, $"The column '{canonical}' appears twice."));
            }
        }

        foreach (var missing in Required.Where(r => !columns.ContainsKey(r)))
        {
            errors.Add(new ImportError(header.Line, header.Fields.Count + 1, missing, $"The header has no column '{missing}'."));
        }

        if (errors.Count > 0)
        {
            return Failed([.. errors]);
        }

        var rows = new List<(string Province, bool IsSelf, IReadOnlyDictionary<string, decimal> Groups, int Line, int Column)>();
        foreach (var record in nonEmpty.Skip(1))
        {
            if (errors.Count >= MaxErrors)
            {
                break;
            }

            if (record.Unterminated)
            {
                errors.Add(new ImportError(record.Line, record.Fields.Count, null, "A quoted value is not closed."));
                continue;
            }

            if (record.Fields.Count != header.Fields.Count)
            {
                errors.Add(new ImportError(record.Line, Math.Min(record.Fields.Count, header.Fields.Count) + 1, null,
                    string.Create(CultureInfo.InvariantCulture, $"Expected {header.Fields.Count} values separated by '{delimiter}', found {record.Fields.Count}.")));
                continue;
            }

            string Value(string column) => record.Fields[columns[column]].Value.Trim();
            int Column(string column) => columns[column] + 1;

            var province = Value("province");
            var ok = true;
            if (CheckProvince(province) is { } badName)
            {
                errors.Add(new ImportError(record.Line, Column("province"), "province", badName));
                ok = false;
            }

            var groups = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var g in Groups.All)
            {
                if (ParseNumber(Value(g), delimiter == ';', out var points) is { } problem)
                {
                    errors.Add(new ImportError(record.Line, Column(g), g, problem));
                    ok = false;
                }
                else if (CheckPoints(g, points, rules) is { } outOfRange)
                {
                    errors.Add(new ImportError(record.Line, Column(g), g, outOfRange));
                    ok = false;
                }
                else
                {
                    groups[g] = points;
                }
            }

            var isSelf = false;
            if (columns.ContainsKey("isSelf") && !TryBoolean(Value("isSelf"), out isSelf))
            {
                errors.Add(new ImportError(record.Line, Column("isSelf"), "isSelf", $"'{QueryInput.Shorten(Value("isSelf"))}' is not true or false (also accepted: 1/0, yes/no, x, or empty)."));
                ok = false;
            }

            if (ok && columns.ContainsKey("total"))
            {
                if (ParseNumber(Value("total"), delimiter == ';', out var total) is { } problem)
                {
                    errors.Add(new ImportError(record.Line, Column("total"), "total", problem));
                    ok = false;
                }
                else if (CheckTotal(total, groups) is { } mismatch)
                {
                    errors.Add(new ImportError(record.Line, Column("total"), "total", mismatch));
                    ok = false;
                }
            }

            if (ok)
            {
                rows.Add((province, isSelf, groups, record.Line, Column("province")));
            }
        }

        return Finish(null, rows, errors);
    }

    private sealed record CsvField(string Value);

    private sealed record CsvRecord(int Line, IReadOnlyList<CsvField> Fields, char Delimiter, bool Unterminated);

    /// <summary>RFC 4180 records (quoted values may hold delimiters, quotes and line breaks), with the line each starts on.</summary>
    private static IEnumerable<CsvRecord> CsvRecords(string text, char delimiter)
    {
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<CsvField>();
            var value = new StringBuilder();
            var quoted = false;
            var unterminated = false;
            while (true)
            {
                if (i >= text.Length)
                {
                    unterminated = quoted;
                    fields.Add(new CsvField(value.ToString()));
                    break;
                }

                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        value.Append('"');
                        i += 2;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                        i++;
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }

                        value.Append(c);
                        i++;
                    }
                }
                else if (c == '"' && value.ToString().Trim().Length == 0)
                {
                    quoted = true;
                    value.Clear();
                    i++;
                }
                else if (c == delimiter)
                {
                    fields.Add(new CsvField(value.ToString()));
                    value.Clear();
                    i++;
                }
                else if (c is '\r' or '\n')
                {
                    fields.Add(new CsvField(value.ToString()));
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    break;
                }
                else
                {
                    value.Append(c);
                    i++;
                }
            }

            yield return new CsvRecord(start, fields, delimiter, unterminated);
        }
    }

    // ---- JSON -------------------------------------------------------------------------------

    private static Result ParseJson(ReadOnlySpan<byte> body, IndexRules rules)
    {
        var positions = new Positions(body);
        var errors = new List<ImportError>();
        var rows = new List<(string Province, bool IsSelf, IReadOnlyDictionary<string, decimal> Groups, int Line, int Column)>();
        string? period = null;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                var (l, c) = positions.Of(reader.TokenStartIndex);
                return Failed(new ImportError(l, c, null, "Expected a JSON object {\"period\": …, \"provinces\": […]}."));
            }

            var sawProvinces = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var at = reader.TokenStartIndex;
                if (name == "period")
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        period = reader.GetString();
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        errors.Add(positions.Error(at, "period", "period must be a string such as \"2024\"."));
                        reader.Skip();
                    }
                }
                else if (name == "provinces")
                {
                    sawProvinces = true;
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        errors.Add(positions.Error(at, "provinces", "provinces must be an array of objects."));
                        reader.Skip();
                        continue;
                    }

                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (index == MaxProvinces)
                        {
                            errors.Add(positions.Error(reader.TokenStartIndex, "provinces",
                                string.Create(CultureInfo.InvariantCulture, $"At most {MaxProvinces} provinces.")));
                            return Failed([.. errors]);
                        }

                        ReadProvince(ref reader, positions, index++, rules, rows, errors);
                        if (errors.Count >= MaxErrors)
                        {
                            return Failed([.. errors.Take(MaxErrors)]);
                        }
                    }
                }
                else
                {
                    reader.Skip(); // other members (importedAt of a document read back) are ignored
                }
            }

            if (!sawProvinces)
            {
                return Failed(new ImportError(1, 1, "provinces", "The object has no \"provinces\" array."));
            }
        }
        catch (JsonException ex)
        {
            errors.Add(new ImportError((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, null,
                $"Not valid JSON: {ex.Message.Split(" LineNumber:", 2)[0]}"));
            return Failed([.. errors]);
        }

        return Finish(period, rows, errors);
    }

    private static void ReadProvince(ref Utf8JsonReader reader, Positions positions, int index, IndexRules rules,
        List<(string, bool, IReadOnlyDictionary<string, decimal>, int, int)> rows, List<ImportError> errors)
    {
        var start = reader.TokenStartIndex;
        var at = string.Create(CultureInfo.InvariantCulture, $"provinces[{index}]");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add(positions.Error(start, at, $"{at} must be an object with province and groups."));
            reader.Skip();
            return;
        }

        string? province = null;
        long provinceAt = start;
        var isSelf = false;
        decimal? total = null;
        long totalAt = 0;
        var groups = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        var misspelt = false;
        long groupsAt = start;
        var ok = true;
        var sawGroups = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var valueAt = reader.TokenStartIndex;
            switch (name)
            {
                case "province" when reader.TokenType == JsonTokenType.String:
                    province = reader.GetString()!.Trim();
                    provinceAt = valueAt;
                    if (CheckProvince(province) is { } bad)
                    {
                        errors.Add(positions.Error(valueAt, $"{at}.province", bad));
                        ok = false;
                    }

                    break;
                case "isSelf" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                    isSelf = reader.GetBoolean();
                    break;
                case "total" when reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var t):
                    total = t;
                    totalAt = valueAt;
                    break;
                case "isSelf" or "rank" or "total" when reader.TokenType == JsonTokenType.Null:
                case "rank" when reader.TokenType == JsonTokenType.Number:
                    break;
                case "departmentId" or "bars" or "publishedTotal": // what a portal read adds; a document read back stays a valid import
                    reader.Skip();
                    break;
                case "groups" when reader.TokenType == JsonTokenType.StartObject:
                    sawGroups = true;
                    groupsAt = valueAt;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var group = reader.GetString()!;
                        named.Add(group);
                        reader.Read();
                        var groupAt = reader.TokenStartIndex;
                        var field = $"{at}.groups.{group}";
                        if (!Groups.All.Contains(group))
                        {
                            errors.Add(positions.Error(groupAt, field, $"Unknown group '{QueryInput.Shorten(group)}'; expected {string.Join(", ", Groups.All)}."));
                            misspelt = true;
                            ok = false;
                            reader.Skip();
                        }
                        else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var points))
                        {
                            errors.Add(positions.Error(groupAt, field, $"{group} must be a number."));
                            ok = false;
                            reader.Skip();
                        }
                        else if (CheckPoints(group, points, rules) is { } outOfRange)
                        {
                            errors.Add(positions.Error(groupAt, field, outOfRange));
                            ok = false;
                        }
                        else
                        {
                            groups[group] = points;
                        }
                    }

                    break;
                default:
                    errors.Add(positions.Error(valueAt, $"{at}.{name}", name is "province" or "isSelf" or "total" or "groups" or "rank"
                        ? $"{at}.{name} has the wrong type ({reader.TokenType})."
                        : $"Unknown property '{QueryInput.Shorten(name)}'; expected province, isSelf, groups (and optionally total)."));
                    ok = false;
                    reader.Skip();
                    break;
            }
        }

        if (province is null)
        {
            errors.Add(positions.Error(start, $"{at}.province", $"{at} has no province name."));
            ok = false;
        }

        if (!sawGroups)
        {
            errors.Add(positions.Error(start, $"{at}.groups", $"{at} has no groups object."));
            ok = false;
        }
        else if (!misspelt)
        {
            // (After a misspelt group name, the missing one is that name: saying so twice does not help.)
            foreach (var missing in Groups.All.Where(g => !named.Contains(g)))
            {
                errors.Add(positions.Error(groupsAt, $"{at}.groups.{missing}", $"{at}.groups has no {missing}."));
                ok = false;
            }
        }

        if (ok && total is { } sum && CheckTotal(sum, groups) is { } mismatch)
        {
            errors.Add(positions.Error(totalAt, $"{at}.total", mismatch));
            ok = false;
        }

        if (ok)
        {
            var (line, column) = positions.Of(provinceAt);
            rows.Add((province!, isSelf, groups, line, column));
        }
    }

    // ---- shared checks ----------------------------------------------------------------------

    private static Result Finish(string? period, List<(string Province, bool IsSelf, IReadOnlyDictionary<string, decimal> Groups, int Line, int Column)> rows,
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
