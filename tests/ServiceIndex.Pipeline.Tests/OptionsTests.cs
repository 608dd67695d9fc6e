using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Options;

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
}
