using System.Text.Json;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class AppSettingsTests(CompiledInfrastructure infrastructure)
{
    private ArmResource Config => infrastructure.All(ResourceTypes.SiteConfig)
        .Single(config => config.Text("name").Contains("'appsettings'", StringComparison.Ordinal));

    private Dictionary<string, string> Settings =>
        Config.Properties.EnumerateObject().ToDictionary(setting => setting.Name, setting => setting.Value.GetString()!);

    [Fact]
    public void App_settings_hold_no_storage_key_sas_or_connection_string()
    {
        string[] forbidden = ["AccountKey", "SharedAccessSignature", "DefaultEndpointsProtocol", "listKeys", "listAccountSas", "sig="];
        foreach (var (name, value) in Settings)
        {
            foreach (var fragment in forbidden)
            {
                Assert.False(value.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"{name} contains {fragment}: {value}");
            }

            // The Application Insights connection string names an endpoint, not a credential:
            // local auth is disabled, so ingestion needs the identity (checked below).
            if (name != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            {
                Assert.DoesNotContain("CONNECTIONSTRING", name.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.DoesNotContain("AzureWebJobsStorage", Settings.Keys);
    }

    [Fact]
    public void Functions_host_storage_connects_with_the_managed_identity()
    {
        Assert.Equal("[parameters('storageAccountName')]", Settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("managedidentity", Settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", Settings["AzureWebJobsStorage__clientId"]);
    }

    [Fact]
    public void App_storage_clients_use_the_account_name_and_the_identity_client_id()
    {
        Assert.Equal(Settings["AzureWebJobsStorage__accountName"], Settings["Storage__AccountName"]);
        Assert.Equal("[parameters('identityClientId')]", Settings["Storage__ClientId"]);
        Assert.Equal("managedidentity", Settings["Storage__credential"]);
    }

    [Fact]
    public void National_sync_credentials_are_key_vault_references_or_empty_when_the_push_is_off()
    {
        Assert.Equal("[if(empty(parameters('dvcqgVaultUri')), '', format('@Microsoft.KeyVault(SecretUri={0}secrets/dvcqg-username)', parameters('dvcqgVaultUri')))]",
            Settings["Dvcqg__Username"]);
        Assert.Equal("[if(empty(parameters('dvcqgVaultUri')), '', format('@Microsoft.KeyVault(SecretUri={0}secrets/dvcqg-password)', parameters('dvcqgVaultUri')))]",
            Settings["Dvcqg__Password"]);
    }

    [Fact]
    public void Feed_api_key_is_a_key_vault_reference()
    {
        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('feedApiKeySecretUri'))]", Settings["Feed__ApiKey"]);

        var vault = infrastructure.Main.ModuleDeclaring(ResourceTypes.KeyVault);
        Assert.Equal(
            $"[reference('{vault.Symbol}').outputs.feedApiKeySecretUri.value]",
            Config.Template.Argument("feedApiKeySecretUri")!.Value.GetString());
        Assert.Contains(
            ".secretUri",
            vault.Root.GetProperty("outputs").GetProperty("feedApiKeySecretUri").GetProperty("value").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_base_url_comes_from_a_deployment_parameter()
    {
        Assert.Equal("[parameters('feedBaseUrl')]", Settings["Feed__BaseUrl"]);
        Assert.Equal("[parameters('feedBaseUrl')]", Config.Template.Argument("feedBaseUrl")!.Value.GetString());
    }

    [Fact]
    public void Telemetry_is_authenticated_with_the_managed_identity()
    {
        Assert.Equal(
            "[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]",
            Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Contains(".ConnectionString", Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_endpoints_are_configured_for_entra_id_bearer_tokens()
    {
        Assert.Equal("[parameters('adminTenantId')]", Settings["Admin__EntraTenantId"]);
        Assert.Equal("[parameters('adminAudience')]", Settings["Admin__Audience"]);
    }

    [Theory]
    [InlineData("Pipeline__PullSchedule", "*/15 * * * * *")]
    [InlineData("Pipeline__RecomputeSchedule", "0 5 17 * * *")]
    public void Schedules_reach_the_app_from_the_deployment_parameters(string setting, string expectedDefault)
    {
        var value = Config.Template.Resolve(Settings[setting]);
        Assert.Equal(expectedDefault, value.GetString());
    }

    [Fact]
    public void Flex_consumption_runtime_settings_are_not_app_settings()
    {
        // Flex Consumption rejects these: the runtime lives in functionAppConfig.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", Settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", Settings.Keys);
        Assert.DoesNotContain("WEBSITE_TIME_ZONE", Settings.Keys);
    }
}
