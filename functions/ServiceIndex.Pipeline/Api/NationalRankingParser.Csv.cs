using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>The CSV form of a national ranking import: RFC 4180 records, comma or semicolon, a header naming the columns.</summary>
public static partial class NationalRankingParser
{
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

        var rows = new List<ImportRow>();
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
                rows.Add(new ImportRow(province, isSelf, groups, record.Line, Column("province")));
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
}
