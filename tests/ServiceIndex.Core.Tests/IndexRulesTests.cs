using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Core.Tests;

/// <summary>Maxima and thresholds of index-766.md as configuration, and the points formula.</summary>
public sealed class IndexRulesTests
{
    [Fact]
    public void The_default_maxima_sum_to_100() =>
        Assert.Equal(100m, IndexRules.Default.MaxTotal);

    [Theory]
    [InlineData(Groups.Transparency, 18)]
    [InlineData(Groups.Progress, 20)]
    [InlineData(Groups.OnlineServices, 22)]
    [InlineData(Groups.Digitisation, 22)]
    [InlineData(Groups.Satisfaction, 18)]
    public void The_default_maxima_of_each_group_are_those_of_index_766(string group, int max) =>
        Assert.Equal(max, IndexRules.Default.MaxOfGroup(group));

    [Theory]
    [InlineData(Bars.OnlinePublicServices, 12)]
    [InlineData(Bars.OnlinePayment, 10)]
    public void The_online_group_splits_into_the_portals_two_bars(string bar, int max) =>
        Assert.Equal(max, IndexRules.Codes.Select(c => IndexRules.Default[c]).Where(r => r.Bar == bar).Sum(r => r.Max));

    [Theory]
    [InlineData("O1", 0.8)]
    [InlineData("O3", 0.5)]
    [InlineData("M2", 0.8)]
    [InlineData("M3", 0.8)]
    [InlineData("D2", 0.8)]
    [InlineData("D4", 0.8)]
    [InlineData("S3", 0.9)]
    [InlineData("T1", 1.0)]
    [InlineData("P1", 1.0)]
    public void The_default_thresholds_are_those_of_index_766(string code, double threshold) =>
        Assert.Equal((decimal)threshold, IndexRules.Default[code].Threshold);

    [Fact]
    public void Every_indicator_code_has_a_default_rule() =>
        Assert.All(IndexRules.Codes, c => Assert.Equal(c, IndexRules.Default[c].Code));

    [Fact]
    public void A_rules_file_overriding_a_max_and_a_threshold_is_honoured()
    {
        var rules = IndexRules.FromJson("""{ "indicators": { "O3": { "max": 8, "threshold": 0.4 } } }""");
        Assert.Equal((8m, 0.4m), (rules["O3"].Max, rules["O3"].Threshold));
        Assert.Equal(8m, rules.Points("O3", 4, 10));
        Assert.Equal(4m, rules.Points("O3", 2, 10));
    }

    [Fact]
    public void A_rules_file_overriding_only_the_max_keeps_the_default_threshold()
    {
        var rules = IndexRules.FromJson("""{ "indicators": { "S3": { "max": 10 } } }""");
        Assert.Equal((10m, 0.9m), (rules["S3"].Max, rules["S3"].Threshold));
    }

    [Fact]
    public void Codes_left_out_of_a_rules_file_keep_their_defaults()
    {
        var rules = IndexRules.FromJson("""{ "indicators": { "O3": { "max": 8 } } }""");
        Assert.Equal(IndexRules.Default["T1"], rules["T1"]);
        Assert.Equal(102m, rules.MaxTotal);
    }

    [Fact]
    public void A_rules_file_without_indicators_gives_the_defaults() =>
        Assert.Equal(100m, IndexRules.FromJson("{}").MaxTotal);

    [Fact]
    public void An_unknown_indicator_code_in_a_rules_file_is_refused() =>
        Assert.Contains("X9", Assert.Throws<FormatException>(() => IndexRules.FromJson("""{ "indicators": { "X9": { "max": 1 } } }""")).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void A_max_of_zero_or_less_in_a_rules_file_is_refused(string max) =>
        Assert.Throws<FormatException>(() => IndexRules.FromJson($$"""{ "indicators": { "T1": { "max": {{max}} } } }"""));

    [Fact]
    public void A_threshold_above_one_in_a_rules_file_is_refused() =>
        Assert.Throws<FormatException>(() => IndexRules.FromJson("""{ "indicators": { "O1": { "threshold": 1.2 } } }"""));

    [Fact]
    public void A_threshold_of_zero_in_a_rules_file_is_refused() =>
        Assert.Throws<FormatException>(() => IndexRules.FromJson("""{ "indicators": { "O1": { "threshold": 0 } } }"""));

    [Fact]
    public void A_threshold_of_exactly_one_is_allowed() =>
        Assert.Equal(1m, IndexRules.FromJson("""{ "indicators": { "O1": { "threshold": 1 } } }""")["O1"].Threshold);

    [Fact]
    public void A_zero_denominator_scores_the_full_max() =>
        Assert.Equal(20m, IndexRules.Default.Points("P1", 0, 0));

    [Fact]
    public void Without_a_threshold_points_are_proportional_to_the_ratio() =>
        Assert.Equal(4.5m, IndexRules.Default.Points("T1", 3, 4));

    [Fact]
    public void A_50_percent_threshold_gives_full_points_at_50_percent() =>
        Assert.Equal(6m, IndexRules.Default.Points("O3", 5, 10));

    [Fact]
    public void A_50_percent_threshold_gives_full_points_above_50_percent() =>
        Assert.Equal(6m, IndexRules.Default.Points("O3", 9, 10));

    [Fact]
    public void A_50_percent_threshold_gives_half_the_points_at_25_percent() =>
        Assert.Equal(3m, IndexRules.Default.Points("O3", 1, 4));

    [Fact]
    public void A_ratio_of_zero_scores_zero() =>
        Assert.Equal(0m, IndexRules.Default.Points("O3", 0, 10));

    [Fact]
    public void A_90_percent_threshold_scores_exact_decimals_without_rounding() =>
        Assert.Equal(6m * 6m / 8m / 0.9m, IndexRules.Default.Points("S3", 6, 8));
}
