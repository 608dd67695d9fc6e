using System.Globalization;
using System.Security.Cryptography;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.NationalSync;

/// <summary>
/// Names of pushed bodies in <c>feed-archive</c>, beside the pulled pages: <c>yyyy/MM/dd/dvcqg-{SHA-256 of the body, 16 hex}.json</c>
/// (Vietnamese day of receipt). The same body received again the same day is the same blob; the <c>dvcqg-</c> prefix is the
/// source tag by which the apply and the replay read the blob as a sync call rather than a feed page.
/// </summary>
public static class NationalSyncArchive
{
    private const string Tag = "dvcqg-";

    public static string BlobName(DateTimeOffset receivedAt, ReadOnlySpan<byte> body)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8));
        return string.Create(CultureInfo.InvariantCulture, $"{VietnamTime.DayOf(receivedAt):yyyy'/'MM'/'dd}/{Tag}{hash}.json");
    }

    /// <summary>Whether an archived blob holds a pushed sync call.</summary>
    public static bool IsPush(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var slash = blobName.LastIndexOf('/');
        return blobName.AsSpan(slash + 1).StartsWith(Tag, StringComparison.Ordinal);
    }
}
