using System.Globalization;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// Names of archived pages in <c>feed-archive</c>: <c>yyyy/MM/dd/{sequence:D12}-{cursor hash}.json</c>
/// (Vietnamese calendar day of the pull; the page's sequence number; FNV-1a of the cursor the page was read after).
/// Reading the same page again on the same day writes the same blob; names sort in pull order.
/// </summary>
public static class FeedArchive
{
    public static string BlobName(DateTimeOffset pulledAt, long sequence, string? afterCursor)
    {
        var day = VietnamTime.DayOf(pulledAt);
        var hash = LedgerKeys.Fnv1a32(afterCursor ?? "");
        return string.Create(CultureInfo.InvariantCulture, $"{day:yyyy'/'MM'/'dd}/{sequence:D12}-{hash:x8}.json");
    }

    /// <summary>The day a page was received, read from its blob name.</summary>
    public static bool TryGetDay(string blobName, out DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        day = default;
        return blobName.Length >= 10 &&
               DateOnly.TryParseExact(blobName.AsSpan(0, 10), "yyyy'/'MM'/'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
