using System.Text.Json;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// One page of the change feed: the raw body exactly as received (for the archive) and its parsed
/// items, cursor and <c>hasMore</c>. Items stay <see cref="JsonElement"/>s: each is validated later, one by one.
/// </summary>
public sealed class FeedPage : IDisposable
{
    private readonly JsonDocument _document;

    private FeedPage(byte[] body, JsonDocument document, IReadOnlyList<JsonElement> items, string next, bool hasMore)
    {
        Body = body;
        _document = document;
        Items = items;
        Next = next;
        HasMore = hasMore;
    }

    public ReadOnlyMemory<byte> Body { get; }

    public IReadOnlyList<JsonElement> Items { get; }

    /// <summary>The cursor to continue after this page's last item.</summary>
    public string Next { get; }

    /// <summary>False: the reader is at the head of the feed for now.</summary>
    public bool HasMore { get; }

    /// <summary>Parses a page body; <c>null</c> and a reason when it is not a page (truncated, not JSON, wrong shape).</summary>
    public static FeedPage? TryParse(byte[] body, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            error = $"The page is not valid JSON ({ex.Message}); it may be truncated.";
            return null;
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array ||
            !root.TryGetProperty("next", out var next) || next.ValueKind != JsonValueKind.String ||
            !root.TryGetProperty("hasMore", out var hasMore) || hasMore.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            document.Dispose();
            error = "The page is not an object with items (array), next (string) and hasMore (boolean).";
            return null;
        }

        error = null;
        return new FeedPage(body, document, [.. items.EnumerateArray()], next.GetString()!, hasMore.GetBoolean());
    }

    public void Dispose() => _document.Dispose();
}
