using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Host.Tests;

/// <summary>The console's problem lines: one per kind with where the details are, not one per event.</summary>
public sealed class ProblemSummaryTests
{
    private static PipelineStatus Status(long deadLetters = 0, int poison = 0, string? error = null) =>
        new(false, null, 100, 0, deadLetters, null, 100, poison, 1, 100, error);

    [Fact]
    public void Refused_items_give_one_line_pointing_at_the_dead_letters_then_nothing_until_a_minute_has_passed()
    {
        var summary = new ProblemSummary("/repo/.local/serviceindex.log");
        var first = Assert.Single(summary.Next(Status(deadLetters: 40), TimeSpan.FromSeconds(2)));
        Assert.Contains("40 feed items refused", first, StringComparison.Ordinal);
        Assert.Contains("/api/dead-letters", first, StringComparison.Ordinal);
        Assert.Contains("/repo/.local/serviceindex.log", first, StringComparison.Ordinal);

        for (var s = 4; s < 60; s += 2)
        {
            Assert.Empty(summary.Next(Status(deadLetters: 40 + s), TimeSpan.FromSeconds(s))); // growing, but within the minute
        }

        Assert.Contains("120 feed items", Assert.Single(summary.Next(Status(deadLetters: 120), TimeSpan.FromSeconds(63))), StringComparison.Ordinal);
        Assert.Empty(summary.Next(Status(deadLetters: 120), TimeSpan.FromMinutes(5))); // not grown: nothing new to say
    }

    [Fact]
    public void A_feed_error_is_said_once_while_it_lasts_and_its_end_is_said_too()
    {
        var summary = new ProblemSummary(null);
        const string refused = "Feed refused the request with 400";
        Assert.Contains(refused, Assert.Single(summary.Next(Status(error: refused), TimeSpan.FromSeconds(2))), StringComparison.Ordinal);
        Assert.Empty(summary.Next(Status(error: refused), TimeSpan.FromSeconds(4)));
        Assert.Empty(summary.Next(Status(error: refused), TimeSpan.FromSeconds(90)));
        Assert.StartsWith("feed      read again", Assert.Single(summary.Next(Status(), TimeSpan.FromSeconds(92))), StringComparison.Ordinal);
    }

    [Fact]
    public void Poison_messages_point_at_the_runbook()
    {
        var line = Assert.Single(new ProblemSummary(null).Next(Status(poison: 3), TimeSpan.FromSeconds(2)));
        Assert.Contains("3 work messages", line, StringComparison.Ordinal);
        Assert.Contains("docs/operations.md", line, StringComparison.Ordinal);
    }
}
