using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServiceIndex.Simulator.Tests;

/// <summary>
/// The field rules of spec/feed.md and feed.schema.json, written independently of the simulator:
/// returns why a change record is invalid, or null when it is valid.
/// </summary>
internal static partial class FeedRecordChecker
{
    private static readonly string[] Levels = ["province", "agency", "district", "commune"];
    private static readonly string[] OnlineLevels = ["full", "partial", "none"];
    private static readonly string[] Channels = ["direct", "online", "postal"];
    private static readonly string[] Statuses = ["processing", "completed", "rejected", "withdrawn", "suspended"];
    private static readonly string[] Ratings = ["very-satisfied", "satisfied", "neutral", "dissatisfied"];

    /// <summary>Checks one JSON Lines line (which may not even be JSON).</summary>
    public static string? CheckLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return Check(document.RootElement);
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }
    }

    public static string? Check(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return "not an object";
        }

        var kind = String(record, "kind");
        if (kind is not ("unit" or "procedure" or "dossier" or "feedback"))
        {
            return "unknown kind";
        }

        if (String(record, "id") is not { Length: >= 1 and <= 256 })
        {
            return "id missing or not a string of 1–256";
        }

        if (!record.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt64(out var v) || v < 1)
        {
            return "version missing, not an integer or < 1";
        }

        if (Time(record, "changedAt") is null)
        {
            return "changedAt missing or not RFC 3339";
        }

        if (record.TryGetProperty("deleted", out var deleted) && deleted.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "deleted not a boolean";
        }

        if (!record.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return "data missing or not an object";
        }

        return kind switch
        {
            "unit" => CheckUnit(data),
            "procedure" => CheckProcedure(data),
            "dossier" => CheckDossier(data),
            _ => CheckFeedback(data),
        };
    }

    private static string? CheckUnit(JsonElement data)
    {
        if (String(data, "name") is not { Length: > 0 })
        {
            return "unit name";
        }

        if (!Levels.Contains(String(data, "level")))
        {
            return "unit level";
        }

        if (!data.TryGetProperty("parentId", out var parent) || parent.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return "unit parentId";
        }

        return OptionalBool(data, "eCertifiedCopy") ? null : "unit eCertifiedCopy";
    }

    private static string? CheckProcedure(JsonElement data)
    {
        if (String(data, "name") is null || String(data, "field") is null)
        {
            return "procedure name or field";
        }

        if (!data.TryGetProperty("unitIds", out var unitIds) || unitIds.ValueKind != JsonValueKind.Array
            || unitIds.EnumerateArray().Any(u => u.ValueKind != JsonValueKind.String))
        {
            return "procedure unitIds";
        }

        if (!OnlineLevels.Contains(String(data, "onlineLevel")))
        {
            return "procedure onlineLevel";
        }

        string[] flags = ["publishedOnTime", "feeRequired", "onlinePaymentEnabled", "announcedOnTime", "publishedComplete"];
        if (flags.FirstOrDefault(f => !Bool(data, f)) is { } bad)
        {
            return "procedure " + bad;
        }

        return OptionalBool(data, "paperResult") ? null : "procedure paperResult";
    }

    private static string? CheckDossier(JsonElement data)
    {
        string[] ids = ["code", "unitId", "procedureId"];
        if (ids.FirstOrDefault(f => String(data, f) is not { Length: > 0 }) is { } badId)
        {
            return "dossier " + badId;
        }

        if (!Channels.Contains(String(data, "channel")))
        {
            return "dossier channel";
        }

        if (!Statuses.Contains(String(data, "status")))
        {
            return "dossier status";
        }

        var received = Time(data, "receivedAt");
        if (received is null)
        {
            return "dossier receivedAt";
        }

        if (!NullableTime(data, "dueAt", out var due) || !NullableTime(data, "completedAt", out var completed))
        {
            return "dossier dueAt or completedAt";
        }

        if (due < received || completed < received)
        {
            return "dossier dueAt or completedAt before receivedAt";
        }

        string[] flags =
        [
            "syncedToNationalPortal", "componentsDigitized", "resultDigitized", "reusedDigitalData", "feeRequired",
            "paidOnline", "linkedToCitizenStore", "usedPopulationData",
        ];
        if (flags.FirstOrDefault(f => !Bool(data, f)) is { } badFlag)
        {
            return "dossier " + badFlag;
        }

        if (!OptionalBool(data, "feeWaived"))
        {
            return "dossier feeWaived";
        }

        if (CheckSupplements(data, received.Value) is { } badSupplement)
        {
            return "dossier " + badSupplement;
        }

        return RatingIsValid(data) ? null : "dossier rating";
    }

    /// <summary>Optional array of { requestedAt, resumedAt? }: each requested after receipt, not answered
    /// before it was requested, and made after the previous one was answered.</summary>
    private static string? CheckSupplements(JsonElement data, DateTimeOffset received)
    {
        if (!data.TryGetProperty("supplements", out var supplements) || supplements.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (supplements.ValueKind != JsonValueKind.Array)
        {
            return "supplements not an array";
        }

        DateTimeOffset? previousAnswer = received;
        foreach (var supplement in supplements.EnumerateArray())
        {
            if (supplement.ValueKind != JsonValueKind.Object || Time(supplement, "requestedAt") is not { } requested)
            {
                return "supplement requestedAt missing or not RFC 3339";
            }

            DateTimeOffset? resumed = null;
            if (supplement.TryGetProperty("resumedAt", out _) && !NullableTime(supplement, "resumedAt", out resumed))
            {
                return "supplement resumedAt not null or RFC 3339";
            }

            if (previousAnswer is null)
            {
                return "supplement requested while the previous one is unanswered";
            }

            if (requested < previousAnswer)
            {
                return "supplement requested before receivedAt or before the previous answer";
            }

            if (resumed < requested)
            {
                return "supplement resumed before it was requested";
            }

            previousAnswer = resumed;
        }

        return null;
    }

    private static string? CheckFeedback(JsonElement data)
    {
        if (String(data, "unitId") is not { Length: > 0 })
        {
            return "feedback unitId";
        }

        var received = Time(data, "receivedAt");
        var due = Time(data, "dueAt");
        if (received is null || due is null)
        {
            return "feedback receivedAt or dueAt";
        }

        if (!NullableTime(data, "resolvedAt", out var resolved))
        {
            return "feedback resolvedAt";
        }

        if (due < received || resolved < received)
        {
            return "feedback dueAt or resolvedAt before receivedAt";
        }

        return RatingIsValid(data) ? null : "feedback rating";
    }

    private static bool RatingIsValid(JsonElement data) =>
        data.TryGetProperty("rating", out var rating)
        && (rating.ValueKind == JsonValueKind.Null || (rating.ValueKind == JsonValueKind.String && Ratings.Contains(rating.GetString())));

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False;

    /// <summary>Absent (the field's default applies) or a boolean.</summary>
    private static bool OptionalBool(JsonElement element, string name) =>
        !element.TryGetProperty(name, out _) || Bool(element, name);

    /// <summary>RFC 3339 date-time with a numeric offset or Z, and a real calendar date.</summary>
    public static DateTimeOffset? ParseTime(string? text) =>
        text is not null && Rfc3339().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;

    private static DateTimeOffset? Time(JsonElement element, string name) => ParseTime(String(element, name));

    /// <summary>Present, and either null or a valid time.</summary>
    private static bool NullableTime(JsonElement element, string name, out DateTimeOffset? time)
    {
        time = null;
        if (!element.TryGetProperty(name, out var value))
        {
            return false;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        time = Time(element, name);
        return time is not null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
