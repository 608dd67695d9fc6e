namespace ServiceIndex.Simulator;

/// <summary>Vietnam time (UTC+07:00, no daylight saving): calendar days, working days and the
/// RFC 3339 form the feed uses. Instants are kept as UTC ticks to keep records small.</summary>
internal static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>Length of <c>yyyy-MM-ddTHH:mm:ss+07:00</c>.</summary>
    public const int FormattedLength = 25;

    public static long StartOfDayTicks(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).Ticks - Offset.Ticks;

    public static long AtTicks(DateOnly day, TimeSpan timeOfDay) => StartOfDayTicks(day) + timeOfDay.Ticks;

    public static DateOnly DayOf(long utcTicks) => DateOnly.FromDateTime(new DateTime(utcTicks + Offset.Ticks));

    public static DateTimeOffset ToOffset(long utcTicks) => new(utcTicks + Offset.Ticks, Offset);

    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The day <paramref name="count"/> working days after <paramref name="day"/>
    /// (legal time limits count working days; public holidays are ignored).</summary>
    public static DateOnly AddWorkingDays(DateOnly day, int count)
    {
        var result = day;
        while (count > 0)
        {
            result = result.AddDays(1);
            if (IsWorkingDay(result))
            {
                count--;
            }
        }

        return result;
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss+07:00</c> (whole seconds) as UTF-8; hand-rolled
    /// because a year of history formats several million times.</summary>
    public static void FormatUtf8(long utcTicks, Span<byte> destination)
    {
        var local = new DateTime(utcTicks + Offset.Ticks);
        Digits(destination, 0, local.Year, 4);
        destination[4] = (byte)'-';
        Digits(destination, 5, local.Month, 2);
        destination[7] = (byte)'-';
        Digits(destination, 8, local.Day, 2);
        destination[10] = (byte)'T';
        Digits(destination, 11, local.Hour, 2);
        destination[13] = (byte)':';
        Digits(destination, 14, local.Minute, 2);
        destination[16] = (byte)':';
        Digits(destination, 17, local.Second, 2);
        "+07:00"u8.CopyTo(destination[19..]);
    }

    /// <summary>Writes <c>yyMMdd</c> of the Vietnamese day of an instant (used in dossier codes).</summary>
    public static void FormatShortDate(long utcTicks, Span<char> destination)
    {
        var local = new DateTime(utcTicks + Offset.Ticks);
        Digits(destination, 0, local.Year % 100, 2);
        Digits(destination, 2, local.Month, 2);
        Digits(destination, 4, local.Day, 2);
    }

    private static void Digits(Span<byte> destination, int start, int value, int width)
    {
        for (var i = start + width - 1; i >= start; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void Digits(Span<char> destination, int start, int value, int width)
    {
        for (var i = start + width - 1; i >= start; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
