using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Storage_needs_exactly_one_of_connection_string_and_account_name()
    {
        var validator = new StorageOptionsValidator();
        Assert.True(validator.Validate(null, new StorageOptions()).Failed);
        Assert.True(validator.Validate(null, new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", AccountName = "acct123" }).Failed);
        Assert.True(validator.Validate(null, new StorageOptions { AccountName = "acct123", ClientId = "00000000-0000-0000-0000-000000000000" }).Succeeded);
        Assert.True(validator.Validate(null, new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }).Succeeded);
    }

    [Fact]
    public void Feed_needs_an_absolute_http_url_and_an_api_key()
    {
        var validator = new FeedOptionsValidator();
        Assert.True(validator.Validate(null, new FeedOptions { ApiKey = "k" }).Failed);
        Assert.True(validator.Validate(null, new FeedOptions { BaseUrl = new Uri("ftp://x/"), ApiKey = "k" }).Failed);
        Assert.True(validator.Validate(null, new FeedOptions { BaseUrl = new Uri("http://x/") }).Failed);
        Assert.True(validator.Validate(null, new FeedOptions { BaseUrl = new Uri("http://x/"), ApiKey = "k", PageSize = 1001 }).Failed);
        Assert.True(validator.Validate(null, new FeedOptions { BaseUrl = new Uri("http://x/"), ApiKey = "k" }).Succeeded);
    }

    [Theory]
    [InlineData("*/15 * * * * *", true)]
    [InlineData("0 5 17 * * *", true)]
    [InlineData("*/15 * * * *", false)]
    [InlineData("every minute", false)]
    public void Schedules_are_six_field_cron_expressions(string expression, bool valid) =>
        Assert.Equal(valid, PipelineOptionsValidator.IsSixFieldCron(expression));

    [Fact]
    public void Default_schedules_pull_every_15_seconds_and_recompute_at_five_past_midnight_in_vietnam()
    {
        var options = new PipelineOptions();
        Assert.Equal("*/15 * * * * *", options.PullSchedule);
        Assert.Equal("0 5 17 * * *", options.RecomputeSchedule); // 17:05 UTC = 00:05 UTC+7
        Assert.True(new PipelineOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Configuration_is_bound_from_the_documented_keys_and_validated()
    {
        var services = new ServiceCollection();
        services.AddServiceIndexPipeline(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Feed:BaseUrl"] = "http://127.0.0.1:5081",
            ["Feed:ApiKey"] = "k",
            ["Pipeline:PullSchedule"] = "*/30 * * * * *",
            ["Pipeline:BucketCount"] = "0",
        }).Build());
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PipelineOptions>>().Value);
        Assert.Contains("Pipeline:BucketCount", error.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://127.0.0.1:5081"), provider.GetRequiredService<IOptions<FeedOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void A_rules_file_named_by_scoring_rules_file_sets_the_rules_and_the_indicator_catalogue()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"indicators": {"P1": {"max": 24}}}""");
        try
        {
            using var provider = PipelineServices(new() { ["Scoring:RulesFile"] = file });

            Assert.Equal(24m, provider.GetRequiredService<IndexRules>()["P1"].Max);
            Assert.Equal(24m, provider.GetRequiredService<IndicatorCatalogue>().Group(Groups.Progress).Max);
            Assert.Equal(24m, provider.GetRequiredService<ScoreRefresher>().Rules["P1"].Max);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Without_a_rules_file_the_rules_are_those_of_index_766()
    {
        using var provider = PipelineServices([]);

        Assert.Same(IndexRules.Default, provider.GetRequiredService<IndexRules>());
    }

    [Theory]
    [InlineData("""{"indicators": {"Z9": {"max": 1}}}""", "unknown indicator code 'Z9'")]
    [InlineData("""{"indicators": {"T1": {"max": 0}}}""", "max > 0")]
    [InlineData("not json", "Scoring:RulesFile")]
    public void A_rules_file_that_is_refused_fails_validation_with_the_reason(string content, string reason)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, content);
        try
        {
            var result = new ScoringOptionsValidator().Validate(null, new ScoringOptions { RulesFile = file });

            Assert.True(result.Failed);
            Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_rules_file_fails_validation() =>
        Assert.True(new ScoringOptionsValidator().Validate(null, new ScoringOptions { RulesFile = "/nonexistent/rules.json" }).Failed);

    private static ServiceProvider PipelineServices(Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Feed:BaseUrl"] = "http://127.0.0.1:5081",
            ["Feed:ApiKey"] = "k",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddServiceIndexPipeline(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
