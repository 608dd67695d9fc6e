using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// The canonical JSON of a change record, in the feed's own wire format (<c>feed.md</c>): what the
/// ledger stores, re-serialised from the parsed record so that unknown extra properties and
/// formatting differences of the feed do not reach storage. <see cref="ChangeRecordParser"/> reads it back.
/// </summary>
public static class RecordJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("kind", WireNames.Of(record.Kind));
            w.WriteString("id", record.Id);
            w.WriteNumber("version", record.Version);
            w.WriteString("changedAt", Rfc3339.Format(record.ChangedAt));
            w.WriteBoolean("deleted", record.Deleted);
            w.WritePropertyName("data");
            WriteData(w, record.Data);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote.</summary>
    /// <exception cref="FormatException">The text is not a valid change record.</exception>
    public static ChangeRecord Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var result = ChangeRecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        return result.Record ?? throw new FormatException($"Stored record is not valid: {result.Rejection}");
    }

    private static void WriteData(Utf8JsonWriter w, RecordData data)
    {
        w.WriteStartObject();
        switch (data)
        {
            case UnitData u:
                w.WriteString("name", u.Name);
                w.WriteString("level", WireNames.Of(u.Level));
                if (u.ParentId is null)
                {
                    w.WriteNull("parentId");
                }
                else
                {
                    w.WriteString("parentId", u.ParentId);
                }

                w.WriteBoolean("eCertifiedCopy", u.ECertifiedCopy);
                break;
            case ProcedureData p:
                w.WriteString("name", p.Name);
                w.WriteString("field", p.Field);
                w.WriteStartArray("unitIds");
                foreach (var id in p.UnitIds)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
                w.WriteBoolean("announcedOnTime", p.AnnouncedOnTime);
                w.WriteBoolean("publishedOnTime", p.PublishedOnTime);
                w.WriteBoolean("publishedComplete", p.PublishedComplete);
                w.WriteString("onlineLevel", WireNames.Of(p.OnlineLevel));
                w.WriteBoolean("feeRequired", p.FeeRequired);
                w.WriteBoolean("onlinePaymentEnabled", p.OnlinePaymentEnabled);
                if (!p.PaperResult)
                {
                    w.WriteBoolean("paperResult", false); // the default (true) is left out, as the feed may
                }

                break;
            case DossierData d:
                w.WriteString("code", d.Code);
                w.WriteString("unitId", d.UnitId);
                w.WriteString("procedureId", d.ProcedureId);
                w.WriteString("channel", WireNames.Of(d.Channel));
                w.WriteString("receivedAt", Rfc3339.Format(d.ReceivedAt));
                WriteTime(w, "dueAt", d.DueAt);
                WriteTime(w, "completedAt", d.CompletedAt);
                w.WriteString("status", WireNames.Of(d.Status));
                w.WriteBoolean("syncedToNationalPortal", d.SyncedToNationalPortal);
                w.WriteBoolean("componentsDigitized", d.ComponentsDigitized);
                w.WriteBoolean("resultDigitized", d.ResultDigitized);
                w.WriteBoolean("reusedDigitalData", d.ReusedDigitalData);
                w.WriteBoolean("linkedToCitizenStore", d.LinkedToCitizenStore);
                w.WriteBoolean("usedPopulationData", d.UsedPopulationData);
                w.WriteBoolean("feeRequired", d.FeeRequired);
                w.WriteBoolean("paidOnline", d.PaidOnline);
                WriteRating(w, d.Rating);
                WriteFeeAndSupplements(w, d);
                break;
            case FeedbackData f:
                w.WriteString("unitId", f.UnitId);
                w.WriteString("receivedAt", Rfc3339.Format(f.ReceivedAt));
                w.WriteString("dueAt", Rfc3339.Format(f.DueAt));
                WriteTime(w, "resolvedAt", f.ResolvedAt);
                WriteRating(w, f.Rating);
                break;
        }

        w.WriteEndObject();
    }

    /// <summary>The optional fields, written only when they differ from their defaults (older rows stay byte-identical).</summary>
    private static void WriteFeeAndSupplements(Utf8JsonWriter w, DossierData d)
    {
        if (d.FeeWaived)
        {
            w.WriteBoolean("feeWaived", true);
        }

        if (d.Supplements.Count > 0)
        {
            w.WriteStartArray("supplements");
            foreach (var s in d.Supplements)
            {
                w.WriteStartObject();
                w.WriteString("requestedAt", Rfc3339.Format(s.RequestedAt));
                WriteTime(w, "resumedAt", s.ResumedAt);

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, Rfc3339.Format(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteRating(Utf8JsonWriter w, Rating? rating)
    {
        if (rating is { } r)
        {
            w.WriteString("rating", WireNames.Of(r));
        }
        else
        {
            w.WriteNull("rating");
        }
    }
}
