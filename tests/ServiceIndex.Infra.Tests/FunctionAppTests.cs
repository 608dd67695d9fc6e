using System.Text.Json;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class FunctionAppTests(CompiledInfrastructure infrastructure)
{
    private ArmResource Site => infrastructure.Single(ResourceTypes.Site);

    private JsonElement FunctionAppConfig => Site.Properties.GetProperty("functionAppConfig");

    [Fact]
    public void Plan_is_flex_consumption_fc1_on_linux()
    {
        var plan = infrastructure.Single(ResourceTypes.Plan);
        Assert.Equal("FC1", plan.Element.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.Element.GetProperty("sku").GetProperty("tier").GetString());
        Assert.Equal(JsonValueKind.True, plan.Properties.GetProperty("reserved").ValueKind);
    }

    [Fact]
    public void Function_app_runs_the_dotnet_10_isolated_worker_on_linux()
    {
        Assert.Equal("functionapp,linux", Site.Text("kind"));
        var runtime = FunctionAppConfig.GetProperty("runtime");
        Assert.Equal("dotnet-isolated", Site.Template.Resolve(runtime.GetProperty("name")).GetString());
        Assert.Equal("10.0", Site.Template.Resolve(runtime.GetProperty("version")).GetString());
    }

    [Fact]
    public void Function_app_scales_on_2048_MB_instances_up_to_the_configured_maximum()
    {
        var scale = FunctionAppConfig.GetProperty("scaleAndConcurrency");
        Assert.Equal(2048, Site.Template.Resolve(scale.GetProperty("instanceMemoryMB")).GetInt32());

        var maximum = Site.Template.Resolve(scale.GetProperty("maximumInstanceCount"));
        Assert.InRange(maximum.GetInt32(), 40, 1000);
        Assert.Equal(
            "[parameters('maximumInstanceCount')]",
            infrastructure.Main.ModuleDeclaring(ResourceTypes.Site).Argument("maximumInstanceCount")!.Value.GetString());
    }

    [Fact]
    public void Deployment_package_is_read_from_blob_storage_with_the_user_assigned_identity()
    {
        var storage = FunctionAppConfig.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        var authentication = storage.GetProperty("authentication");
        Assert.Equal("UserAssignedIdentity", authentication.GetProperty("type").GetString());
        Assert.Equal("[parameters('identityId')]", authentication.GetProperty("userAssignedIdentityResourceId").GetString());
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity_and_resolves_key_vault_references_with_it()
    {
        var identity = Site.Element.GetProperty("identity");
        Assert.Equal("UserAssigned", identity.GetProperty("type").GetString());
        Assert.Equal("[parameters('identityId')]", Site.Properties.GetProperty("keyVaultReferenceIdentity").GetString());
    }

    [Fact]
    public void Function_app_accepts_https_only_with_tls_1_2()
    {
        Assert.Equal(JsonValueKind.True, Site.Properties.GetProperty("httpsOnly").ValueKind);
        Assert.Equal("1.2", Site.Properties.GetProperty("siteConfig").GetProperty("minTlsVersion").GetString());
    }

    [Fact]
    public void Basic_auth_publishing_is_disabled()
    {
        var policies = infrastructure.All(ResourceTypes.PublishingCredentialsPolicy);
        Assert.Equal(2, policies.Count);
        Assert.All(policies, policy => Assert.Equal(JsonValueKind.False, policy.Properties.GetProperty("allow").ValueKind));
    }

    [Fact]
    public void Cors_origins_come_from_a_deployment_parameter()
    {
        var cors = Site.Properties.GetProperty("siteConfig").GetProperty("cors");
        Assert.Equal("[parameters('corsAllowedOrigins')]", cors.GetProperty("allowedOrigins").GetString());
        Assert.Equal("", infrastructure.Main.ParameterValue("corsAllowedOrigins").GetString());
    }

    [Fact]
    public void Function_app_is_tagged_as_the_azd_api_service()
    {
        Assert.Contains("createObject('azd-service-name', parameters('serviceName'))", Site.Text("tags"), StringComparison.Ordinal);
        Assert.Equal("api", Site.Template.ParameterValue("serviceName").GetString());
    }
}
