using System.Globalization;
using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.NationalSync;

/// <summary>
/// Reads fields of one dossier of the sync format as real systems write them (<c>DVCQGIntegrationActionImpl</c> of
/// opencps-v2 sends codes as strings, "1", and empty times as ""), remembering the first field it cannot read.
/// Empty strings and nulls are absent values.
/// </summary>
internal sealed class SyncReader(JsonElement dossier)
{
    public Rejection? Rejection { get; private set; }

    public void Reject(RejectionReason reason, string field, string? value, string message) =>
        Rejection ??= new Rejection(reason, field, value, message);

    /// <summary>A string (or a number, as text), trimmed; null when absent, null or empty.</summary>
    public string? Text(string name) => TextOf(dossier, name);

    public string? RequiredText(string name, string message)
    {
        var text = Text(name);
        if (text is null)
        {
            Reject(RejectionReason.MissingField, name, null, message);
        }

        return text;
    }

    /// <summary>An integer code given as a number or a string of digits; null when absent, −1 when unreadable.</summary>
    public int? Code(string name) => CodeOf(dossier, name);

    /// <summary><c>TrangThaiHoSo</c>, 1 to 10.</summary>
    public int StatusCode()
    {
        var code = Code("TrangThaiHoSo");
        if (code is null)
        {
            Reject(RejectionReason.MissingField, "TrangThaiHoSo", null, "TrangThaiHoSo (the status code, 1 to 10) is required.");
            return 0;
        }

        if (code is < 1 or > 10)
        {
            Reject(RejectionReason.BadEnumValue, "TrangThaiHoSo", Text("TrangThaiHoSo"), "TrangThaiHoSo must be a status code from 1 to 10.");
            return 0;
        }

        return code.Value;
    }

    /// <summary><c>KenhThucHien</c>: 1 in person (also when missing), 2 online, 3 public postal service.</summary>
    public string Channel()
    {
        switch (Code("KenhThucHien"))
        {
            case null or 1:
                return "direct";
            case 2:
                return "online";
            case 3:
                return "postal";
            default:
                Reject(RejectionReason.BadEnumValue, "KenhThucHien", Text("KenhThucHien"), "KenhThucHien must be 1 (in person), 2 (online) or 3 (postal).");
                return "direct";
        }
    }

    /// <summary>A <c>yyyyMMddHHmmss</c> time in Vietnam time; null when absent or empty.</summary>
    public DateTimeOffset? Time(string name) => TimeOf(dossier, name, name);

    /// <summary>A flag is set by 1, "1" or true; anything else (0, 2, "", absent) leaves it unset.</summary>
    public bool Flag(string name) => FlagOf(dossier, name);

    /// <summary>Whether any object of the array <paramref name="array"/> has <paramref name="field"/> set.</summary>
    public bool AnyFlag(string array, string field) => Objects(array).Any(o => FlagOf(o, field));

    /// <summary>Whether any object of <paramref name="array"/> has a non-empty <paramref name="field"/>, one of <paramref name="allowed"/> when given.</summary>
    public bool AnyText(string array, string field, IReadOnlyCollection<string>? allowed) =>
        Objects(array).Any(o => TextOf(o, field) is { } t && (allowed is null || allowed.Contains(t, StringComparer.OrdinalIgnoreCase)));

    /// <summary><c>DanhSachLePhi</c>: a fee applies when there is any line; it is waived when every line's <c>Gia</c> is 0.</summary>
    public (bool Required, bool Waived) Fees()
    {
        var lines = Objects("DanhSachLePhi").ToList();
        var allZero = true;
        for (var i = 0; i < lines.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"DanhSachLePhi[{i}].Gia");
            if (!lines[i].TryGetProperty("Gia", out var gia) || gia.ValueKind is JsonValueKind.Null ||
                (gia.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(gia.GetString())))
            {
                allZero = false; // an amount not given is not an exemption
                continue;
            }

            var text = gia.ValueKind == JsonValueKind.Number ? gia.GetRawText() : gia.ValueKind == JsonValueKind.String ? gia.GetString()!.Trim() : null;
            if (text is null || !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount < 0)
            {
                Reject(RejectionReason.WrongType, field, text ?? gia.GetRawText(), $"{field} must be an amount (a number of dong, 0 or more).");
                return (false, false);
            }

            allZero &= amount == 0;
        }

        return (lines.Count > 0, lines.Count > 0 && allZero);
    }

    /// <summary>
    /// <c>DanhSachHoSoBoSung</c> as supplements, oldest request first: <c>requestedAt</c> = <c>NgayBoSung</c>,
    /// <c>resumedAt</c> = <c>NgayTiepNhanBoSung</c> (empty while the unit waits).
    /// </summary>
    public IReadOnlyList<(DateTimeOffset Requested, DateTimeOffset? Resumed)> Supplements()
    {
        var list = new List<(DateTimeOffset, DateTimeOffset?)>();
        var i = 0;
        foreach (var request in Objects("DanhSachHoSoBoSung"))
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"DanhSachHoSoBoSung[{i++}]");
            var requested = TimeOf(request, "NgayBoSung", at + ".NgayBoSung");
            var resumed = TimeOf(request, "NgayTiepNhanBoSung", at + ".NgayTiepNhanBoSung");
            if (requested is null)
            {
                Reject(RejectionReason.MissingField, at + ".NgayBoSung", null, $"{at}.NgayBoSung (when the supplement was requested) is required.");
                continue;
            }

            list.Add((requested.Value, resumed));
        }

        return [.. list.OrderBy(s => s.Item1)];
    }

    private IEnumerable<JsonElement> Objects(string array)
    {
        if (!dossier.TryGetProperty(array, out var e) || e.ValueKind != JsonValueKind.Array)
        {
            if (e.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Array) &&
                !(e.ValueKind == JsonValueKind.String && string.IsNullOrEmpty(e.GetString())))
            {
                Reject(RejectionReason.WrongType, array, Short(e.GetRawText()), $"{array} must be an array of objects.");
            }

            return [];
        }

        return e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object);
    }

    private DateTimeOffset? TimeOf(JsonElement obj, string name, string field)
    {
        var text = TextOf(obj, name);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, NationalSyncMapping.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, VietnamTime.Offset);
        }

        Reject(RejectionReason.BadTime, field, Short(text), $"{field} is not a time written yyyyMMddHHmmss (Vietnam time), e.g. 20261109081500.");
        return null;
    }

    private static string? TextOf(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var e))
        {
            return null;
        }

        var text = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static int? CodeOf(JsonElement obj, string name) =>
        TextOf(obj, name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code
        : -1;

    private static bool FlagOf(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var e) && (e.ValueKind == JsonValueKind.True || CodeOf(obj, name) == 1);

    private static string Short(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
