using ServiceIndex.Core.Time;
using static ServiceIndex.Core.Tests.Build;

namespace ServiceIndex.Core.Tests;

/// <summary>Period syntax of interfaces.md and the evaluation moment e of index-766.md.</summary>
public sealed class PeriodTests
{
    private static void AssertPeriod(Period p, PeriodKind kind, string from, string to, string label)
    {
        Assert.Equal((kind, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
                DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), label),
            (p.Kind, p.From, p.To, p.Label));
    }

    private static string Error(string? text)
    {
        Assert.False(Period.TryParse(text, out var period, out var error));
        Assert.Null(period);
        return error;
    }

    // ---- Parsing ----

    [Fact]
    public void A_year_parses_as_the_whole_calendar_year() =>
        AssertPeriod(Period.Parse("2023"), PeriodKind.Year, "2023-01-01", "2023-12-31", "2023");

    [Fact]
    public void A_quarter_parses_as_its_three_months() =>
        AssertPeriod(Period.Parse("2023-Q2"), PeriodKind.Quarter, "2023-04-01", "2023-06-30", "2023-Q2");

    [Fact]
    public void The_fourth_quarter_ends_on_the_31st_of_December() =>
        AssertPeriod(Period.Parse("2023-Q4"), PeriodKind.Quarter, "2023-10-01", "2023-12-31", "2023-Q4");

    [Fact]
    public void A_month_parses_as_its_calendar_days() =>
        AssertPeriod(Period.Parse("2023-05"), PeriodKind.Month, "2023-05-01", "2023-05-31", "2023-05");

    [Fact]
    public void February_of_a_leap_year_ends_on_the_29th() =>
        AssertPeriod(Period.Parse("2024-02"), PeriodKind.Month, "2024-02-01", "2024-02-29", "2024-02");

    [Fact]
    public void A_range_parses_as_its_inclusive_days() =>
        AssertPeriod(Period.Parse("2023-04-17..2023-05-07"), PeriodKind.Range, "2023-04-17", "2023-05-07", "2023-04-17..2023-05-07");

    [Fact]
    public void A_one_day_range_is_allowed() =>
        AssertPeriod(Period.Parse("2023-04-17..2023-04-17"), PeriodKind.Range, "2023-04-17", "2023-04-17", "2023-04-17..2023-04-17");

    [Fact]
    public void Surrounding_whitespace_is_ignored() =>
        Assert.Equal("2023-05", Period.Parse("  2023-05 ").Label);

    [Fact]
    public void Parse_throws_FormatException_with_the_error_message()
    {
        var ex = Assert.Throws<FormatException>(() => Period.Parse("2023-13"));
        Assert.Equal(Error("2023-13"), ex.Message);
    }

    // ---- Parse errors say what was wrong ----

    [Fact]
    public void Month_13_is_refused_with_a_message_naming_the_month_range()
    {
        var error = Error("2023-13");
        Assert.Contains("month 13", error, StringComparison.Ordinal);
        Assert.Contains("01 to 12", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Month_00_is_refused() =>
        Assert.Contains("month 0", Error("2023-00"), StringComparison.Ordinal);

    [Fact]
    public void Quarter_5_is_refused_with_a_message_quoting_the_input_and_the_valid_quarters()
    {
        var error = Error("2023-Q5");
        Assert.Contains("'2023-Q5'", error, StringComparison.Ordinal);
        Assert.Contains("Q1 to Q4", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_starting_on_the_30th_of_February_is_refused_as_a_date_that_does_not_exist() =>
        Assert.Contains("does not exist", Error("2023-02-30..2023-03-01"), StringComparison.Ordinal);

    [Fact]
    public void A_range_ending_before_it_starts_is_refused_as_reversed() =>
        Assert.Contains("ends before it starts", Error("2023-05-07..2023-04-17"), StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_period_is_refused_as_empty(string? text) =>
        Assert.Contains("empty", Error(text), StringComparison.Ordinal);

    [Theory]
    [InlineData("last month")]
    [InlineData("23-05")]
    [InlineData("2023/05")]
    [InlineData("2023-5")]
    [InlineData("2023-q2")]
    [InlineData("2023-04-17..")]
    [InlineData("2023-04-17...2023-05-07")]
    public void Garbage_is_refused_with_a_message_quoting_it_and_listing_the_valid_forms(string text)
    {
        var error = Error(text);
        Assert.Contains($"'{text}' is not a period", error, StringComparison.Ordinal);
        Assert.Contains("2023-04-17..2023-05-07", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Year_0000_is_refused() =>
        Assert.Contains("year 0", Error("0000"), StringComparison.Ordinal);

    // ---- Moments ----

    [Fact]
    public void The_last_second_of_a_month_is_23_59_59_Vietnam_time_on_its_last_day() =>
        Assert.Equal(new DateTimeOffset(2023, 5, 31, 23, 59, 59, VietnamTime.Offset), Period.Parse("2023-05").LastSecond);

    [Fact]
    public void The_last_second_of_a_range_is_23_59_59_Vietnam_time_on_its_last_day() =>
        Assert.Equal(new DateTimeOffset(2023, 5, 7, 23, 59, 59, VietnamTime.Offset), Period.Parse("2023-04-17..2023-05-07").LastSecond);

    [Fact]
    public void The_start_of_a_period_is_midnight_Vietnam_time_on_its_first_day() =>
        Assert.Equal(new DateTimeOffset(2023, 4, 1, 0, 0, 0, VietnamTime.Offset), Period.Parse("2023-Q2").Start);

    [Fact]
    public void The_evaluation_moment_is_asOf_when_asOf_falls_inside_the_period() =>
        Assert.Equal(Vn("2023-05-10T12:00:00"), Period.Parse("2023-05").EvaluationMoment(Vn("2023-05-10T12:00:00")));

    [Fact]
    public void The_evaluation_moment_is_the_last_second_when_asOf_is_after_the_period() =>
        Assert.Equal(Vn("2023-05-31T23:59:59"), Period.Parse("2023-05").EvaluationMoment(Vn("2023-07-01T08:00:00")));

    [Fact]
    public void The_evaluation_moment_compares_instants_whatever_the_offset_of_asOf()
    {
        // 17:00Z on the 31st is 00:00 on 1 June in Vietnam: after the period's last second.
        var asOf = new DateTimeOffset(2023, 5, 31, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal(Vn("2023-05-31T23:59:59"), Period.Parse("2023-05").EvaluationMoment(asOf));
    }

    [Fact]
    public void The_evaluation_moment_is_asOf_when_asOf_is_before_the_period() =>
        Assert.Equal(Vn("2023-04-20T09:00:00"), Period.Parse("2023-05").EvaluationMoment(Vn("2023-04-20T09:00:00")));

    // ---- Previous ----

    [Fact]
    public void The_month_before_January_is_December_of_the_previous_year() =>
        AssertPeriod(Period.Parse("2024-01").Previous(), PeriodKind.Month, "2023-12-01", "2023-12-31", "2023-12");

    [Fact]
    public void The_month_before_March_is_February_with_its_own_length() =>
        AssertPeriod(Period.Parse("2024-03").Previous(), PeriodKind.Month, "2024-02-01", "2024-02-29", "2024-02");

    [Fact]
    public void The_quarter_before_Q1_is_Q4_of_the_previous_year() =>
        AssertPeriod(Period.Parse("2024-Q1").Previous(), PeriodKind.Quarter, "2023-10-01", "2023-12-31", "2023-Q4");

    [Fact]
    public void The_quarter_before_Q3_is_Q2() =>
        AssertPeriod(Period.Parse("2023-Q3").Previous(), PeriodKind.Quarter, "2023-04-01", "2023-06-30", "2023-Q2");

    [Fact]
    public void The_year_before_a_year_is_the_previous_year() =>
        AssertPeriod(Period.Parse("2023").Previous(), PeriodKind.Year, "2022-01-01", "2022-12-31", "2022");

    [Fact]
    public void The_range_before_a_range_has_the_same_length_and_ends_the_day_before_it_starts() =>
        AssertPeriod(Period.Parse("2023-04-17..2023-05-07").Previous(), PeriodKind.Range, "2023-03-27", "2023-04-16", "2023-03-27..2023-04-16");

    [Fact]
    public void The_range_before_a_one_day_range_is_the_day_before() =>
        AssertPeriod(Period.Parse("2024-03-01..2024-03-01").Previous(), PeriodKind.Range, "2024-02-29", "2024-02-29", "2024-02-29..2024-02-29");

    // ---- Months and whole months ----

    [Fact]
    public void A_quarter_touches_its_three_months() =>
        Assert.Equal([new DateOnly(2023, 4, 1), new DateOnly(2023, 5, 1), new DateOnly(2023, 6, 1)], Period.Parse("2023-Q2").Months());

    [Fact]
    public void A_year_touches_twelve_months() =>
        Assert.Equal(12, Period.Parse("2023").Months().Count());

    [Fact]
    public void A_range_touches_every_month_it_overlaps_even_partly() =>
        Assert.Equal([new DateOnly(2023, 4, 1), new DateOnly(2023, 5, 1)], Period.Parse("2023-04-17..2023-05-07").Months());

    [Fact]
    public void A_range_across_a_year_end_touches_both_years_months() =>
        Assert.Equal([new DateOnly(2023, 12, 1), new DateOnly(2024, 1, 1)], Period.Parse("2023-12-31..2024-01-01").Months());

    [Theory]
    [InlineData("2023")]
    [InlineData("2023-Q2")]
    [InlineData("2023-05")]
    [InlineData("2023-04-01..2023-05-31")]
    [InlineData("2024-02-01..2024-02-29")]
    public void Periods_of_whole_calendar_months_are_whole_months(string text) =>
        Assert.True(Period.Parse(text).IsWholeMonths);

    [Theory]
    [InlineData("2023-04-17..2023-05-07")]
    [InlineData("2023-04-01..2023-05-30")]
    [InlineData("2023-04-02..2023-05-31")]
    [InlineData("2024-02-01..2024-02-28")]
    public void Ranges_cutting_a_month_are_not_whole_months(string text) =>
        Assert.False(Period.Parse(text).IsWholeMonths);

    // ---- Periods of a day ----

    [Fact]
    public void MonthOf_a_day_is_its_calendar_month() =>
        Assert.Equal("2023-02", Period.MonthOf(new DateOnly(2023, 2, 28)).Label);

    [Theory]
    [InlineData(1, "2023-Q1")]
    [InlineData(3, "2023-Q1")]
    [InlineData(4, "2023-Q2")]
    [InlineData(9, "2023-Q3")]
    [InlineData(10, "2023-Q4")]
    [InlineData(12, "2023-Q4")]
    public void QuarterOf_a_day_is_the_quarter_containing_its_month(int month, string label) =>
        Assert.Equal(label, Period.QuarterOf(new DateOnly(2023, month, 15)).Label);

    [Fact]
    public void YearOf_a_day_is_its_calendar_year() =>
        AssertPeriod(Period.YearOf(new DateOnly(2023, 12, 31)), PeriodKind.Year, "2023-01-01", "2023-12-31", "2023");

    [Fact]
    public void A_period_contains_its_first_and_last_days_and_not_the_days_around_them()
    {
        var p = Period.Parse("2023-05");
        Assert.Equal((false, true, true, false),
            (p.Contains(new DateOnly(2023, 4, 30)), p.Contains(new DateOnly(2023, 5, 1)), p.Contains(new DateOnly(2023, 5, 31)), p.Contains(new DateOnly(2023, 6, 1))));
    }

    // ---- Vietnamese days ----

    [Fact]
    public void An_instant_at_16_59_59_UTC_is_still_the_same_Vietnamese_day() =>
        Assert.Equal(new DateOnly(2023, 4, 30), VietnamTime.DayOf(new DateTimeOffset(2023, 4, 30, 16, 59, 59, TimeSpan.Zero)));

    [Fact]
    public void An_instant_at_17_00_00_UTC_is_already_the_next_Vietnamese_day() =>
        Assert.Equal(new DateOnly(2023, 5, 1), VietnamTime.DayOf(new DateTimeOffset(2023, 4, 30, 17, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void The_Vietnamese_day_does_not_depend_on_the_offset_a_time_was_written_with() =>
        Assert.Equal(new DateOnly(2023, 5, 1), VietnamTime.DayOf(new DateTimeOffset(2023, 4, 30, 12, 30, 0, TimeSpan.FromHours(-5))));
}
