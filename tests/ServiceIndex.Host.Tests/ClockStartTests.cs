using ServiceIndex.Host.Hosting;

namespace ServiceIndex.Host.Tests;

/// <summary><c>LocalHost:ClockStart</c>: the host's "now" pinned for demos and tests, refused when malformed.</summary>
public sealed class ClockStartTests
{
    [Fact]
    public void A_clock_start_gives_a_clock_that_reads_it_and_runs_on_from_it()
    {
        var start = new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(7));
        var clock = new LocalHostOptions { ClockStart = "2026-11-18T10:00:00+07:00" }.Clock();

        var first = clock.GetUtcNow();
        var second = clock.GetUtcNow();

        Assert.InRange(first, start, start.AddHours(1));
        Assert.True(second >= first, "the clock never goes back");
        Assert.Equal(TimeSpan.Zero, first.Offset);
    }

    [Fact]
    public void Without_a_clock_start_the_host_reads_the_system_clock() =>
        Assert.Same(TimeProvider.System, new LocalHostOptions().Clock());

    [Theory]
    [InlineData("2026-11-18")]
    [InlineData("2026-11-18T10:00:00")]
    [InlineData("yesterday")]
    public void A_clock_start_without_a_date_time_and_offset_is_refused(string text)
    {
        var ex = Assert.Throws<FormatException>(() => new LocalHostOptions { ClockStart = text }.Clock());
        Assert.Contains("LocalHost:ClockStart", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_run_verb_refuses_a_malformed_clock_start_before_starting_anything()
    {
        var result = await Cli.RunAsync("run", "--LocalHost:ClockStart=2026-11-18", "--Urls=http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("LocalHost:ClockStart '2026-11-18'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded Azurite", result.Stdout, StringComparison.Ordinal);
    }
}
