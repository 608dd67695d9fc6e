using NCrontab;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

/// <summary>Flex Consumption evaluates CRON in UTC (no WEBSITE_TIME_ZONE); Vietnam is UTC+7 all year.</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed class ScheduleTests(CompiledInfrastructure infrastructure)
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    [Fact]
    public void Pull_schedule_defaults_to_every_15_seconds()
    {
        var expression = Default("pullSchedule");
        Assert.Equal("*/15 * * * * *", expression);

        var start = new DateTime(2026, 3, 10, 8, 0, 7, DateTimeKind.Utc);
        var occurrences = CrontabSchedule.Parse(expression, SixFields).GetNextOccurrences(start, start.AddMinutes(1)).ToList();
        Assert.Equal(
            [start.AddSeconds(8), start.AddSeconds(23), start.AddSeconds(38), start.AddSeconds(53)],
            occurrences);
    }

    [Fact]
    public void Recompute_schedule_defaults_to_17_05_utc_which_is_00_05_in_vietnam()
    {
        var expression = Default("recomputeSchedule");
        Assert.Equal("0 5 17 * * *", expression);

        var start = new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);
        var nextUtc = CrontabSchedule.Parse(expression, SixFields).GetNextOccurrence(start);
        Assert.Equal(new DateTime(2026, 3, 10, 17, 5, 0, DateTimeKind.Utc), nextUtc);

        var inVietnam = new DateTimeOffset(nextUtc, TimeSpan.Zero).ToOffset(VietnamOffset);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 5, 0, VietnamOffset), inVietnam);
    }

    [Fact]
    public void National_portal_schedule_defaults_to_19_00_utc_which_is_02_00_in_vietnam()
    {
        var expression = Default("nationalPortalSchedule");
        var nextUtc = CrontabSchedule.Parse(expression, SixFields).GetNextOccurrence(new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 2, 0, 0, VietnamOffset), new DateTimeOffset(nextUtc, TimeSpan.Zero).ToOffset(VietnamOffset));
    }

    [Theory]
    [InlineData("pullSchedule")]
    [InlineData("recomputeSchedule")]
    [InlineData("nationalPortalSchedule")]
    public void Schedule_default_is_a_six_field_cron_expression(string parameter)
    {
        var expression = Default(parameter);
        Assert.Equal(6, expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.NotNull(CrontabSchedule.TryParse(expression, SixFields));
    }

    private string Default(string parameter) =>
        infrastructure.Main.Root.GetProperty("parameters").GetProperty(parameter).GetProperty("defaultValue").GetString()!;
}
