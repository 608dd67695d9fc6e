using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

/// <summary>What the Functions shell's triggers read from app settings, against what infra-bicep sets.</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed class FunctionsAppSettingsTests(CompiledInfrastructure infrastructure)
{
    public static TheoryData<string> TimerFunctions => FunctionsShellTests.TimerFunctions;

    private Dictionary<string, string> Settings =>
        infrastructure.All(ResourceTypes.SiteConfig)
            .Single(config => config.Text("name").Contains("'appsettings'", StringComparison.Ordinal))
            .Properties.EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.GetString()!, StringComparer.OrdinalIgnoreCase);

    private ArmTemplate SettingsTemplate =>
        infrastructure.All(ResourceTypes.SiteConfig).Single(config => config.Text("name").Contains("'appsettings'", StringComparison.Ordinal)).Template;

    /// <summary>A %Pipeline:X% the app settings do not define fails the function's indexing in Azure: the timer never runs.</summary>
    [Theory]
    [MemberData(nameof(TimerFunctions))]
    public void Timer_schedule_setting_is_deployed_with_the_code_default(string function)
    {
        var schedule = TimerSchedule.Of(FunctionsShellSource.Instance.Functions.Single(f => f.Name == function));
        if (schedule.Setting.Length == 0)
        {
            return; // a literal schedule needs no setting
        }

        var name = schedule.Setting.Replace(":", "__", StringComparison.Ordinal);
        Assert.True(Settings.TryGetValue(name, out var value), $"infra-bicep does not set {name}, which the {function} timer reads");
        Assert.Equal(schedule.Default, SettingsTemplate.Resolve(value).GetString());
    }

    [Fact]
    public void Queue_trigger_connection_is_identity_based()
    {
        foreach (var function in FunctionsShellSource.Instance.Triggered("QueueTrigger"))
        {
            var connection = SyntaxValues.String(function.Trigger.Named("Connection")!, FunctionsShellSource.Instance.Trees)!;
            Assert.True(Settings.ContainsKey($"{connection}__accountName"), $"{connection}__accountName is not set");
            Assert.Equal("managedidentity", Settings[$"{connection}__credential"]);
            Assert.Equal("[parameters('identityClientId')]", Settings[$"{connection}__clientId"]);
            Assert.False(Settings.ContainsKey(connection), $"{connection} must not be a connection string");
        }
    }
}
