using System.Globalization;
using System.Text;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// Keys of the <c>ledger</c> table. A record lives in bucket <c>FNV-1a(kind/id) mod BucketCount</c>;
/// the bucket's partition also holds the month tallies and delta log its records feed, so that one
/// entity-group transaction covers a record change and its effect on the counters.
/// </summary>
public static class LedgerKeys
{
    /// <summary>Per bucket: generation, records applied and stored.</summary>
    public const string Head = "h";

    /// <summary>Per bucket: the generation up to which deltas are folded into month tallies.</summary>
    public const string Compaction = "k";

    public const string RecordPrefix = "r|";
    public const string TallyPrefix = "m|";
    public const string DeltaPrefix = "x|";

    /// <summary>The bucket of a record: stable across processes, versions and .NET releases.</summary>
    public static int BucketOf(RecordKey key, int bucketCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        return (int)(Fnv1a32(key.ToString()) % (uint)bucketCount);
    }

    public static string Partition(int bucket) => string.Create(CultureInfo.InvariantCulture, $"b{bucket:D2}");

    public static int BucketOfPartition(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        return int.Parse(partitionKey.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    public static string Record(RecordKey key) => $"{RecordPrefix}{WireNames.Of(key.Kind)}|{TableKeys.Escape(key.Id)}";

    /// <summary>The first row key of every record of one kind, and the one just after the last.</summary>
    public static (string From, string To) RecordRange(RecordKind kind) =>
        ($"{RecordPrefix}{WireNames.Of(kind)}|", $"{RecordPrefix}{WireNames.Of(kind)}}}");

    public static string Tally(DateOnly month, string unitId) =>
        string.Create(CultureInfo.InvariantCulture, $"{TallyPrefix}{month:yyyy-MM}|{TableKeys.Escape(unitId)}");

    public static bool TryParseTally(string rowKey, out DateOnly month, out string unitId)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        month = default;
        unitId = "";
        if (!rowKey.StartsWith(TallyPrefix, StringComparison.Ordinal) || rowKey.Length < 10 || rowKey[9] != '|' ||
            !DateOnly.TryParseExact(rowKey.AsSpan(2, 7), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month))
        {
            return false;
        }

        unitId = TableKeys.Unescape(rowKey[10..]);
        return true;
    }

    public static string Delta(long generation) =>
        string.Create(CultureInfo.InvariantCulture, $"{DeltaPrefix}{generation:D12}");

    public static long GenerationOfDelta(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        return long.Parse(rowKey.AsSpan(DeltaPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>The upper bound (exclusive) of a prefix range: the prefix with its last character incremented.</summary>
    public static string After(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());
    }

    /// <summary>FNV-1a, 32 bits, over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Fnv1a32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const uint offset = 2166136261;
        const uint prime = 16777619;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        var hash = offset;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }

        return hash;
    }
}
