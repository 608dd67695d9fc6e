namespace ServiceIndex.Core.Time;

/// <summary>
/// Vietnamese civil time: UTC+07:00 all year, no daylight saving. Every "day" of the 766 rules
/// is a Vietnamese calendar day, whatever offset a feed time was written with.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The Vietnamese calendar day on which an instant falls.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>00:00:00 Vietnam time on <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOf(DateOnly day) =>
        new(day.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>23:59:59 Vietnam time on <paramref name="day"/>: "the last second of the period".</summary>
    public static DateTimeOffset LastSecondOf(DateOnly day) =>
        new(day.ToDateTime(new TimeOnly(23, 59, 59)), Offset);

    /// <summary>The instant shown in Vietnam time, for output.</summary>
    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>Today in Vietnam according to <paramref name="time"/>.</summary>
    public static DateOnly Today(TimeProvider time) => DayOf(time.GetUtcNow());
}
