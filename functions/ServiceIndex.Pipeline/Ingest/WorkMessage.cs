using System.Buffers;
using System.Text.Json;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// A queue message of <c>changes</c>: items <paramref name="Offset"/>…<paramref name="Offset"/>+<paramref name="Count"/>−1
/// of the archived page <paramref name="Blob"/>, carried <paramref name="Inline"/> when they fit in the message.
/// JSON: <c>{ "blob": "...", "offset": i, "count": n, "inline": [...]?, "traceparent": "00-…"? }</c>, at most 64 KiB.
/// </summary>
public sealed record WorkMessage(string Blob, int Offset, int Count, JsonElement? Inline = null)
{
    /// <summary>The W3C trace context of the feed page it came from (null: not traced), so its apply joins the page's trace.</summary>
    public string? TraceParent { get; init; }

    public BinaryData ToBinaryData()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("blob", Blob);
            w.WriteNumber("offset", Offset);
            w.WriteNumber("count", Count);
            if (Inline is { } inline)
            {
                w.WritePropertyName("inline");
                inline.WriteTo(w);
            }

            if (TraceParent is { } traceParent)
            {
                w.WriteString("traceparent", traceParent);
            }

            w.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    /// <exception cref="FormatException">The body is not a work message.</exception>
    public static WorkMessage Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var doc = JsonDocument.Parse(body.ToMemory());
            var root = doc.RootElement;
            var blob = root.GetProperty("blob").GetString() ?? throw new FormatException("blob is null.");
            var offset = root.GetProperty("offset").GetInt32();
            var count = root.GetProperty("count").GetInt32();
            JsonElement? inline = root.TryGetProperty("inline", out var items) && items.ValueKind == JsonValueKind.Array
                ? items.Clone()
                : null;
            if (offset < 0 || count < 0 || (inline is { } i && i.GetArrayLength() != count))
            {
                throw new FormatException("offset, count or inline items are inconsistent.");
            }

            var traceParent = root.TryGetProperty("traceparent", out var tp) && tp.ValueKind == JsonValueKind.String ? tp.GetString() : null;
            return new WorkMessage(blob, offset, count, inline) { TraceParent = traceParent };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Not a work message: {ex.Message}", ex);
        }
    }

    /// <summary>Splits a page's items into messages of at most <paramref name="batchSize"/> items; small ones carry the items inline.</summary>
    /// <param name="traceParent">The page's trace context, carried by every message (null: none).</param>
    public static IReadOnlyList<WorkMessage> Split(string blob, IReadOnlyList<JsonElement> items, int batchSize, int inlineBytes,
        string? traceParent = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var messages = new List<WorkMessage>((items.Count / batchSize) + 1);
        for (var offset = 0; offset < items.Count; offset += batchSize)
        {
            var count = Math.Min(batchSize, items.Count - offset);
            var reference = new WorkMessage(blob, offset, count) { TraceParent = traceParent };
            messages.Add(TryInline(reference, items, inlineBytes) ?? reference);
        }

        return messages;
    }

    private static WorkMessage? TryInline(WorkMessage reference, IReadOnlyList<JsonElement> items, int inlineBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (var i = reference.Offset; i < reference.Offset + reference.Count; i++)
            {
                items[i].WriteTo(w);
                w.Flush();
                if (buffer.WrittenCount > inlineBytes)
                {
                    return null;
                }
            }

            w.WriteEndArray();
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        var message = reference with { Inline = doc.RootElement.Clone() };
        return message.ToBinaryData().ToMemory().Length <= inlineBytes ? message : null;
    }
}
