using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>The JSON form of a national ranking import, read as a stream with the line and column of every error.</summary>
public static partial class NationalRankingParser
{
    private static Result ParseJson(ReadOnlySpan<byte> body, IndexRules rules)
    {
        var positions = new Positions(body);
        var errors = new List<ImportError>();
        var rows = new List<ImportRow>();
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
        List<ImportRow> rows, List<ImportError> errors)
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
            rows.Add(new ImportRow(province!, isSelf, groups, line, column));
        }
    }
}
