using System.Text.Json;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class SecretsAndTelemetryTests(CompiledInfrastructure infrastructure)
{
    [Fact]
    public void Key_vault_authorizes_with_azure_rbac_not_access_policies()
    {
        var vault = infrastructure.Single(ResourceTypes.KeyVault).Properties;
        Assert.Equal(JsonValueKind.True, vault.GetProperty("enableRbacAuthorization").ValueKind);
        Assert.False(
            vault.TryGetProperty("accessPolicies", out var policies) && policies.GetArrayLength() > 0,
            "RBAC mode ignores access policies; none should be declared.");
    }

    [Fact]
    public void Key_vault_holds_the_feed_api_key_from_a_secure_parameter()
    {
        var secret = infrastructure.All(ResourceTypes.KeyVaultSecret).Single(s => s.Properties.GetProperty("value").GetString() == "[parameters('feedApiKey')]");
        Assert.Equal("securestring", ParameterType(secret.Template, "feedApiKey"));
        Assert.Equal("[parameters('feedApiKey')]", secret.Template.Argument("feedApiKey")!.Value.GetString());
        Assert.Equal("securestring", ParameterType(infrastructure.Main, "feedApiKey"));
        Assert.False(infrastructure.Main.Root.GetProperty("parameters").GetProperty("feedApiKey").TryGetProperty("defaultValue", out _));
    }

    [Theory]
    [InlineData("dvcqgUsername")]
    [InlineData("dvcqgPassword")]
    public void Key_vault_holds_the_national_sync_credentials_from_secure_parameters_only_when_the_push_is_on(string parameter)
    {
        var secret = infrastructure.All(ResourceTypes.KeyVaultSecret)
            .Single(s => s.Properties.GetProperty("value").GetString() == $"[parameters('{parameter}')]");
        Assert.Equal("securestring", ParameterType(secret.Template, parameter));
        Assert.Equal("securestring", ParameterType(infrastructure.Main, parameter));
        Assert.Equal("[variables('dvcqgEnabled')]", secret.Element.GetProperty("condition").GetString());
    }

    [Fact]
    public void No_output_reveals_the_feed_api_key_or_a_storage_key()
    {
        foreach (var template in Templates(infrastructure.Main))
        {
            if (!template.Root.TryGetProperty("outputs", out var declared))
            {
                continue;
            }

            foreach (var output in declared.EnumerateObject())
            {
                var text = output.Value.GetRawText();
                Assert.DoesNotContain("feedApiKey')", text, StringComparison.Ordinal);
                Assert.DoesNotContain("listKeys", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Application_insights_disables_local_authentication()
    {
        var insights = infrastructure.Single(ResourceTypes.ApplicationInsights).Properties;
        Assert.Equal(JsonValueKind.True, insights.GetProperty("DisableLocalAuth").ValueKind);
    }

    [Fact]
    public void Application_insights_stores_telemetry_in_the_log_analytics_workspace()
    {
        var insights = infrastructure.Single(ResourceTypes.ApplicationInsights);
        Assert.Contains(
            $"resourceId('{ResourceTypes.LogAnalytics}'",
            insights.Properties.GetProperty("WorkspaceResourceId").GetString(),
            StringComparison.Ordinal);
        Assert.Single(infrastructure.All(ResourceTypes.LogAnalytics));
    }

    private static string? ParameterType(ArmTemplate template, string name) =>
        template.Root.GetProperty("parameters").GetProperty(name).GetProperty("type").GetString();

    private static IEnumerable<ArmTemplate> Templates(ArmTemplate template) =>
        template.Modules.SelectMany(Templates).Prepend(template);
}
