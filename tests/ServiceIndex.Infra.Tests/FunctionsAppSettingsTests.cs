using ServiceIndex.Infra.Tests.Infrastructure;
using ServiceIndex.Pipeline.NationalPortal;
using ServiceIndex.Pipeline.Options;

namespace ServiceIndex.Infra.Tests;

/// <summary>
/// What the Functions app's triggers read from app settings, against what infra-bicep sets. Which setting each trigger reads
/// (%Pipeline:PullSchedule%, the "Storage" connection) is checked against the generated functions.metadata in
/// tests/ServiceIndex.Functions.Tests/FunctionsMetadataTests.cs.
/// </summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed class FunctionsAppSettingsTests(CompiledInfrastructure infrastructure)
{
    public static TheoryData<string> TimerSchedules =>
        [nameof(PipelineOptions.PullSchedule), nameof(PipelineOptions.RefreshSchedule), nameof(PipelineOptions.RecomputeSchedule)];

    private Dictionary<string, string> Settings =>
        infrastructure.All(ResourceTypes.SiteConfig)
            .Single(config => config.Text("name").Contains("'appsettings'", StringComparison.Ordinal))
            .Properties.EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.GetString()!, StringComparer.OrdinalIgnoreCase);

    private ArmTemplate SettingsTemplate =>
        infrastructure.All(ResourceTypes.SiteConfig).Single(config => config.Text("name").Contains("'appsettings'", StringComparison.Ordinal)).Template;

    /// <summary>A %Pipeline:X% the app settings do not define fails the function's indexing in Azure: the timer never runs.</summary>
    [Theory]
    [MemberData(nameof(TimerSchedules))]
    public void Timer_schedule_setting_is_deployed_with_the_code_default(string option)
    {
        var name = $"{PipelineOptions.Section}__{option}";
        Assert.True(Settings.TryGetValue(name, out var value), $"infra-bicep does not set {name}, which a timer function reads");
        var fallback = (string)typeof(PipelineOptions).GetProperty(option)!.GetValue(new PipelineOptions())!;
        Assert.Equal(fallback, SettingsTemplate.Resolve(value).GetString());
    }

    /// <summary>The NationalPortal timer reads %NationalPortal:Schedule% even while the reader is off (empty base URL).</summary>
    [Fact]
    public void National_portal_schedule_is_deployed_with_the_code_default_and_the_reader_is_off_without_a_base_url()
    {
        Assert.Equal(NationalPortalOptions.DefaultSchedule, SettingsTemplate.Resolve(Settings[$"{NationalPortalOptions.Section}__Schedule"]).GetString());
        Assert.Equal("", SettingsTemplate.Resolve(Settings[$"{NationalPortalOptions.Section}__BaseUrl"]).GetString());
        Assert.True(Settings.ContainsKey($"{NationalPortalOptions.Section}__ProvinceId"));
    }

    [Fact]
    public void Queue_trigger_connection_is_identity_based()
    {
        const string connection = "Storage"; // ApplyFunction's QueueTrigger Connection
        Assert.True(Settings.ContainsKey($"{connection}__accountName"), $"{connection}__accountName is not set");
        Assert.Equal("managedidentity", Settings[$"{connection}__credential"]);
        Assert.Equal("[parameters('identityClientId')]", Settings[$"{connection}__clientId"]);
        Assert.False(Settings.ContainsKey(connection), $"{connection} must not be a connection string");
    }
}
