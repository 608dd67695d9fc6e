using Azure.Data.Tables;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>
/// Values larger than one table property (64 KiB: 32K UTF-16 characters, or 64 KiB of binary) are
/// split over <c>Name</c>, <c>Name1</c>, <c>Name2</c>… An entity stays under 1 MiB in total, which
/// callers check with <see cref="MaxEntityPayload"/>.
/// </summary>
internal static class ChunkedProperty
{
    public const int StringChunk = 30_000;
    public const int BinaryChunk = 64_000;

    /// <summary>Payload we allow in one entity (Table Storage: 1 MiB including keys and names).</summary>
    public const int MaxEntityPayload = 960 * 1024;

    public static void SetString(TableEntity entity, string name, string value)
    {
        var part = 0;
        var i = 0;
        do
        {
            var length = Math.Min(StringChunk, value.Length - i);
            // Never split a surrogate pair across two properties.
            if (i + length < value.Length && char.IsHighSurrogate(value[i + length - 1]))
            {
                length--;
            }

            entity[NameOf(name, part++)] = value.Substring(i, length);
            i += length;
        }
        while (i < value.Length);
    }

    public static string? GetString(TableEntity entity, string name)
    {
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        if (entity.GetString(NameOf(name, 1)) is null)
        {
            return first;
        }

        var parts = new List<string> { first };
        for (var part = 1; entity.GetString(NameOf(name, part)) is { } next; part++)
        {
            parts.Add(next);
        }

        return string.Concat(parts);
    }

    public static void SetBinary(TableEntity entity, string name, ReadOnlySpan<byte> value)
    {
        for (int i = 0, part = 0; i < value.Length; i += BinaryChunk, part++)
        {
            entity[NameOf(name, part)] = value.Slice(i, Math.Min(BinaryChunk, value.Length - i)).ToArray();
        }
    }

    public static byte[]? GetBinary(TableEntity entity, string name)
    {
        if (entity.GetBinary(name) is not { } first)
        {
            return null;
        }

        if (entity.GetBinary(NameOf(name, 1)) is null)
        {
            return first;
        }

        var all = new List<byte>(first);
        for (var part = 1; entity.GetBinary(NameOf(name, part)) is { } next; part++)
        {
            all.AddRange(next);
        }

        return [.. all];
    }

    /// <summary>An estimate of an entity's size on the wire, for the 1 MiB entity and 4 MiB transaction limits.</summary>
    public static int EstimateSize(TableEntity entity)
    {
        var size = 64;
        foreach (var (key, value) in entity)
        {
            size += (key.Length * 2) + 8 + value switch
            {
                string s => s.Length * 2,
                byte[] b => b.Length,
                _ => 8,
            };
        }

        return size;
    }

    private static string NameOf(string name, int part) =>
        part == 0 ? name : string.Concat(name, part.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
