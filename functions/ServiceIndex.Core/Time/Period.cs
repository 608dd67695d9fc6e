using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ServiceIndex.Core.Time;

public enum PeriodKind
{
    Year,
    Quarter,
    Month,
    Range,
}

/// <summary>
/// A scoring period: an inclusive range of Vietnamese calendar days with its label
/// (<c>2023</c>, <c>2023-Q2</c>, <c>2023-05</c>, <c>2023-04-17..2023-05-07</c>).
/// </summary>
public sealed partial record Period
{
    private Period(PeriodKind kind, DateOnly from, DateOnly to, string label)
    {
        Kind = kind;
        From = from;
        To = to;
        Label = label;
    }

    public PeriodKind Kind { get; }
    public DateOnly From { get; }
    public DateOnly To { get; }
    public string Label { get; }

    /// <summary>00:00:00 Vietnam time on the first day.</summary>
    public DateTimeOffset Start => VietnamTime.StartOf(From);

    /// <summary>23:59:59 Vietnam time on the last day: the latest possible evaluation moment.</summary>
    public DateTimeOffset LastSecond => VietnamTime.LastSecondOf(To);

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>e, the evaluation moment: the earlier of <paramref name="asOf"/> and the period's last second.</summary>
    public DateTimeOffset EvaluationMoment(DateTimeOffset asOf) => asOf < LastSecond ? asOf : LastSecond;

    public static Period Year(int year) =>
        new(PeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), year.ToString("D4", CultureInfo.InvariantCulture));

    public static Period Quarter(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var from = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        return new(PeriodKind.Quarter, from, from.AddMonths(3).AddDays(-1),
            string.Create(CultureInfo.InvariantCulture, $"{year:D4}-Q{quarter}"));
    }

    public static Period Month(int year, int month)
    {
        var from = new DateOnly(year, month, 1);
        return new(PeriodKind.Month, from, from.AddMonths(1).AddDays(-1),
            string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"));
    }

    public static Period Range(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        return new(PeriodKind.Range, from, to,
            string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}"));
    }

    public static Period MonthOf(DateOnly day) => Month(day.Year, day.Month);

    public static Period QuarterOf(DateOnly day) => Quarter(day.Year, ((day.Month - 1) / 3) + 1);

    public static Period YearOf(DateOnly day) => Year(day.Year);

    /// <summary>The period of the same kind just before this one (a range: the same number of days before it).</summary>
    public Period Previous() => Kind switch
    {
        PeriodKind.Year => Year(From.Year - 1),
        PeriodKind.Quarter => QuarterOf(From.AddMonths(-3)),
        PeriodKind.Month => MonthOf(From.AddMonths(-1)),
        _ => Range(From.AddDays(-(To.DayNumber - From.DayNumber + 1)), From.AddDays(-1)),
    };

    /// <summary>The first day of every calendar month the period touches.</summary>
    public IEnumerable<DateOnly> Months()
    {
        for (var m = new DateOnly(From.Year, From.Month, 1); m <= To; m = m.AddMonths(1))
        {
            yield return m;
        }
    }

    /// <summary>True when the period is a whole number of calendar months (year, quarter, month).</summary>
    public bool IsWholeMonths => Kind != PeriodKind.Range ||
        (From.Day == 1 && To.AddDays(1).Day == 1);

    public static Period Parse(string text) =>
        TryParse(text, out var period, out var error) ? period : throw new FormatException(error);

    /// <summary>Parses a period label; <paramref name="error"/> says what was wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Period? period, [NotNullWhen(false)] out string? error)
    {
        period = null;
        error = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "The period is empty; expected 2023, 2023-Q2, 2023-05 or 2023-04-17..2023-05-07.";
            return false;
        }

        var match = Syntax().Match(text);
        if (!match.Success)
        {
            error = $"'{Shorten(text)}' is not a period; expected 2023, 2023-Q2, 2023-05 or 2023-04-17..2023-05-07.";
            return false;
        }

        try
        {
            if (match.Groups["from"].Success)
            {
                var from = DateOnly.ParseExact(match.Groups["from"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var to = DateOnly.ParseExact(match.Groups["to"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (to < from)
                {
                    error = $"The range '{text}' ends before it starts.";
                    return false;
                }

                period = Range(from, to);
                return true;
            }

            var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (year < 1)
            {
                error = $"'{text}' has year 0.";
                return false;
            }

            if (match.Groups["quarter"].Success)
            {
                if (match.Groups["quarter"].Value is not ("1" or "2" or "3" or "4"))
                {
                    error = $"'{text}' has quarter {match.Groups["quarter"].Value}; quarters are Q1 to Q4.";
                    return false;
                }

                period = Quarter(year, int.Parse(match.Groups["quarter"].Value, CultureInfo.InvariantCulture));
            }
            else if (match.Groups["month"].Success)
            {
                var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
                if (month is < 1 or > 12)
                {
                    error = $"'{text}' has month {month}; months are 01 to 12.";
                    return false;
                }

                period = Month(year, month);
            }
            else
            {
                period = Year(year);
            }

            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
        {
            error = $"'{Shorten(text)}' contains a date that does not exist or is out of range.";
            return false;
        }
    }

    public override string ToString() => Label;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^(?:(?<from>[0-9]{4}-[0-9]{2}-[0-9]{2})\.\.(?<to>[0-9]{4}-[0-9]{2}-[0-9]{2})|(?<year>[0-9]{4})(?:-Q(?<quarter>[0-9])|-(?<month>[0-9]{2}))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
