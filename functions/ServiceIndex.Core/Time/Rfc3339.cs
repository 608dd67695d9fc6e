using System.Globalization;

namespace ServiceIndex.Core.Time;

/// <summary>
/// Strict RFC 3339 date-time ("2023-04-21T09:15:02+07:00", "…Z", optional fraction). The feed's
/// schema says <c>format: date-time</c>; looser parsers would accept dates without an offset,
/// whose Vietnamese day would then depend on the machine's time zone.
/// </summary>
public static class Rfc3339
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        // yyyy-MM-ddTHH:mm:ss[.f+](Z|±HH:mm)
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] is not ('T' or 't')) ||
            text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Digits(text[..4], out var year) || !Digits(text[5..7], out var month) ||
            !Digits(text[8..10], out var day) || !Digits(text[11..13], out var hour) ||
            !Digits(text[14..16], out var minute) || !Digits(text[17..19], out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            var digits = text[start..i];
            var scale = (long)TimeSpan.TicksPerSecond;
            foreach (var c in digits)
            {
                scale /= 10;
                if (scale == 0)
                {
                    break;
                }

                fractionTicks += (c - '0') * scale;
            }
        }

        if (i >= text.Length)
        {
            return false;
        }

        TimeSpan offset;
        if (text[i] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
            i++;
        }
        else if (text[i] is '+' or '-' && text.Length - i == 6 && text[i + 3] == ':' &&
                 Digits(text.Slice(i + 1, 2), out var oh) && Digits(text.Slice(i + 4, 2), out var om) &&
                 oh <= 23 && om <= 59)
        {
            offset = new TimeSpan(oh, om, 0);
            if (text[i] == '-')
            {
                offset = -offset;
            }

            i += 6;
        }
        else
        {
            return false;
        }

        if (i != text.Length || month is < 1 or > 12 || day < 1 || year < 1 ||
            day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    public static string Format(DateTimeOffset value) =>
        value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
            CultureInfo.InvariantCulture);

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
