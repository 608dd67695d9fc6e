using System.Globalization;
using System.Text;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>
/// Reversible escaping of arbitrary text into Table Storage keys. PartitionKey and RowKey may not
/// contain <c>/ \ # ?</c> or control characters and are at most 1 KiB; ids from the feed may contain
/// anything. Forbidden and risky characters become <c>~XX</c> (two hex digits) or <c>~uXXXX</c> (a lone
/// surrogate); <c>~</c> itself is escaped, so the mapping is one-to-one and keeps the order of ASCII text.
/// </summary>
public static class TableKeys
{
    /// <summary>The longest key Table Storage accepts, in characters.</summary>
    public const int MaxLength = 1024;

    private const char Marker = '~';

    /// <summary>Escapes <paramref name="value"/>; the result contains no character Table Storage refuses.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var i = 0;
        while (i < value.Length && !NeedsEscape(value, i))
        {
            i++;
        }

        if (i == value.Length)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 16);
        sb.Append(value, 0, i);
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (!NeedsEscape(value, i))
            {
                sb.Append(c);
            }
            else if (c <= 0xFF)
            {
                sb.Append(Marker).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(Marker).Append('u').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>The inverse of <see cref="Escape"/>.</summary>
    /// <exception cref="FormatException">The text is not the output of <see cref="Escape"/>.</exception>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var first = escaped.IndexOf(Marker, StringComparison.Ordinal);
        if (first < 0)
        {
            return escaped;
        }

        var sb = new StringBuilder(escaped.Length);
        sb.Append(escaped, 0, first);
        for (var i = first; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != Marker)
            {
                sb.Append(c);
                continue;
            }

            if (i + 5 < escaped.Length && escaped[i + 1] == 'u' && TryHex(escaped.AsSpan(i + 2, 4), out var wide))
            {
                sb.Append((char)wide);
                i += 5;
            }
            else if (i + 2 < escaped.Length && TryHex(escaped.AsSpan(i + 1, 2), out var narrow))
            {
                sb.Append((char)narrow);
                i += 2;
            }
            else
            {
                throw new FormatException($"'{escaped}' is not an escaped table key: '{Marker}' at {i} is not followed by hex digits.");
            }
        }

        return sb.ToString();
    }

    /// <summary>True when <paramref name="key"/> is short enough and has no forbidden character.</summary>
    public static bool IsValidKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > MaxLength)
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NeedsEscape(string s, int i)
    {
        var c = s[i];
        return c switch
        {
            '/' or '\\' or '#' or '?' => true, // forbidden by Table Storage
            Marker or '%' or '+' or '\'' => true, // ours; and characters URL or OData layers may reinterpret
            _ when char.IsControl(c) => true, // U+0000–U+001F, U+007F–U+009F
            _ when char.IsHighSurrogate(c) => i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]),
            _ when char.IsLowSurrogate(c) => i == 0 || !char.IsHighSurrogate(s[i - 1]),
            _ => false,
        };
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) &&
        digits.IndexOfAnyExcept("0123456789ABCDEF") < 0;
}
