using System.Text.Json;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Feed;

/// <summary>The outcome of reading one feed item: a record, or the reason it was refused.</summary>
public readonly record struct ParseResult(ChangeRecord? Record, Rejection? Rejection)
{
    public bool IsValid => Record is not null;
}

/// <summary>
/// Reads and validates feed items against <c>feed.schema.json</c> and the rules of <c>feed.md</c>.
/// Unknown extra properties are allowed (the schema says additionalProperties: true).
/// </summary>
public static partial class ChangeRecordParser
{
    private const int MaxIdLength = 256;

    /// <summary>Parses one item given as UTF-8 JSON text (a line of JSON Lines, say).</summary>
    public static ParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed) || parsed is null)
            {
                return Fail(RejectionReason.InvalidJson, "$", null, "The item is not JSON.");
            }

            document = parsed;
            if (reader.Read())
            {
                document.Dispose();
                return Fail(RejectionReason.InvalidJson, "$", null, "Text follows the JSON value.");
            }
        }
        catch (JsonException ex)
        {
            return Fail(RejectionReason.InvalidJson, "$", null, $"The item is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Parses one item of a feed page.</summary>
    public static ParseResult Parse(JsonElement item)
    {
        try
        {
            return ParseElement(item);
        }
        catch (InvalidOperationException ex)
        {
            // A string with invalid UTF-8 or an unpaired surrogate is only detected when read.
            return Fail(RejectionReason.InvalidJson, "$", null, $"The item contains text that is not valid Unicode: {ex.Message}");
        }
    }

    private static ParseResult ParseElement(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return Fail(RejectionReason.NotAnObject, "$", Describe(item), "A change record must be a JSON object.");
        }

        var r = new Reader(item);
        var kindText = r.RequiredString("kind", minLength: 0);
        var id = r.RequiredString("id", minLength: 1, maxLength: MaxIdLength);
        var version = r.RequiredVersion();
        var changedAt = r.RequiredTime("changedAt");
        var deleted = r.OptionalBool("deleted") ?? false;
        if (r.Rejection is null && !WireNames.TryParseKind(kindText, out _))
        {
            r.Reject(RejectionReason.UnknownKind, "kind", kindText, "kind must be unit, procedure, dossier or feedback.");
        }

        var data = r.RequiredObject("data");
        if (r.Rejection is not null || data is null)
        {
            return Fail(r.Rejection!, kindText, id, version);
        }

        WireNames.TryParseKind(kindText, out var kind);
        var d = new Reader(data.Value, "data.");
        RecordData? payload = kind switch
        {
            RecordKind.Unit => ReadUnit(d),
            RecordKind.Procedure => ReadProcedure(d),
            RecordKind.Dossier => ReadDossier(d),
            _ => ReadFeedback(d),
        };

        return d.Rejection is not null || payload is null
            ? Fail(d.Rejection!, kindText, id, version)
            : new ParseResult(new ChangeRecord(kind, id!, version, changedAt, deleted, payload), null);
    }

    private static UnitData? ReadUnit(Reader d)
    {
        var name = d.RequiredString("name", minLength: 1);
        var level = d.RequiredEnum<UnitLevel>("level", WireNames.TryParseLevel, "province, agency, district or commune");
        var parentId = d.RequiredNullableString("parentId");
        var eCopy = d.OptionalBool("eCertifiedCopy") ?? false;
        return d.Rejection is null ? new UnitData(name!, level, parentId, eCopy) : null;
    }

    private static ProcedureData? ReadProcedure(Reader d)
    {
        var name = d.RequiredString("name", minLength: 0);
        var field = d.RequiredString("field", minLength: 0);
        var unitIds = d.RequiredStringArray("unitIds");
        var publishedOnTime = d.RequiredBool("publishedOnTime");
        var onlineLevel = d.RequiredEnum<OnlineLevel>("onlineLevel", WireNames.TryParseOnlineLevel, "full, partial or none");
        var feeRequired = d.RequiredBool("feeRequired");
        var onlinePayment = d.RequiredBool("onlinePaymentEnabled");
        var announcedOnTime = d.RequiredBool("announcedOnTime");
        var publishedComplete = d.RequiredBool("publishedComplete");
        var paperResult = d.OptionalBool("paperResult") ?? true;
        return d.Rejection is null
            ? new ProcedureData(name!, field!, unitIds!, announcedOnTime, publishedOnTime, publishedComplete, onlineLevel, feeRequired, onlinePayment,
                paperResult)
            : null;
    }

    private static DossierData? ReadDossier(Reader d)
    {
        var code = d.RequiredString("code", minLength: 1);
        var unitId = d.RequiredString("unitId", minLength: 1);
        var procedureId = d.RequiredString("procedureId", minLength: 1);
        var channel = d.RequiredEnum<Channel>("channel", WireNames.TryParseChannel, "direct, online or postal");
        var receivedAt = d.RequiredTime("receivedAt");
        var dueAt = d.RequiredNullableTime("dueAt");
        var completedAt = d.RequiredNullableTime("completedAt");
        var status = d.RequiredEnum<DossierStatus>("status", WireNames.TryParseStatus, "processing, completed, rejected, withdrawn or suspended");
        var synced = d.RequiredBool("syncedToNationalPortal");
        var components = d.RequiredBool("componentsDigitized");
        var result = d.RequiredBool("resultDigitized");
        var reused = d.RequiredBool("reusedDigitalData");
        var fee = d.RequiredBool("feeRequired");
        var paid = d.RequiredBool("paidOnline");
        var rating = d.RequiredRating("rating");
        var linked = d.RequiredBool("linkedToCitizenStore");
        var population = d.RequiredBool("usedPopulationData");
        var feeWaived = d.OptionalBool("feeWaived") ?? false;
        var supplements = d.OptionalSupplements("supplements");
        if (d.Rejection is null)
        {
            d.NotBefore("dueAt", dueAt, receivedAt, RejectionReason.DueBeforeReceived);
            d.NotBefore("completedAt", completedAt, receivedAt, RejectionReason.CompletedBeforeReceived);
            d.InOrder("supplements", supplements!, receivedAt);
        }

        return d.Rejection is null
            ? new DossierData(code!, unitId!, procedureId!, channel, receivedAt, dueAt, completedAt, status, synced, components,
                result, reused, linked, population, fee, paid, rating, feeWaived, supplements)
            : null;
    }

    private static FeedbackData? ReadFeedback(Reader d)
    {
        var unitId = d.RequiredString("unitId", minLength: 1);
        var receivedAt = d.RequiredTime("receivedAt");
        var dueAt = d.RequiredTime("dueAt");
        var resolvedAt = d.RequiredNullableTime("resolvedAt");
        var rating = d.RequiredRating("rating");
        if (d.Rejection is null)
        {
            d.NotBefore("dueAt", dueAt, receivedAt, RejectionReason.DueBeforeReceived);
            d.NotBefore("resolvedAt", resolvedAt, receivedAt, RejectionReason.ResolvedBeforeReceived);
        }

        return d.Rejection is null ? new FeedbackData(unitId!, receivedAt, dueAt, resolvedAt, rating) : null;
    }

    private static ParseResult Fail(RejectionReason reason, string field, string? value, string message) =>
        new(null, new Rejection(reason, field, value, message));

    private static ParseResult Fail(Rejection rejection, string? kind, string? id, long version) =>
        new(null, rejection with { Kind = kind, Id = id, Version = version > 0 ? version : null });

    private static string Describe(JsonElement e)
    {
        var raw = e.GetRawText();
        return raw.Length <= 120 ? raw : raw[..120] + "…";
    }
}
