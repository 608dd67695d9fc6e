using System.Text.Json;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

/// <summary>What azd needs: subscription scope, environment-derived names and tags, parameters and outputs.</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed class AzdProjectTests(CompiledInfrastructure infrastructure)
{
    private JsonElement MainRoot => infrastructure.Main.Root;

    [Fact]
    public void Main_template_deploys_at_subscription_scope()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", MainRoot.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        Assert.Single(infrastructure.Main.Resources, resource => resource.Type == ResourceTypes.ResourceGroup);
    }

    [Fact]
    public void Resource_names_derive_from_the_azd_environment_subscription_and_location()
    {
        Assert.Equal(
            "[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]",
            infrastructure.Main.Variable("resourceToken").GetString());

        var location = MainRoot.GetProperty("parameters").GetProperty("location");
        Assert.Equal("location", location.GetProperty("metadata").GetProperty("azd").GetProperty("type").GetString());
    }

    [Fact]
    public void Resource_group_is_tagged_with_the_azd_environment_name()
    {
        var group = infrastructure.Main.Resources.Single(resource => resource.Type == ResourceTypes.ResourceGroup);
        var tags = infrastructure.Main.Resolve(group.Element.GetProperty("tags"));
        Assert.Equal("[parameters('environmentName')]", tags.GetProperty("azd-env-name").GetString());
    }

    [Fact]
    public void Every_resource_with_a_location_carries_tags()
    {
        var untagged = infrastructure.Main.AllResources()
            .Where(resource => resource.Element.TryGetProperty("location", out _) && !resource.Element.TryGetProperty("tags", out _))
            .Select(resource => resource.Type)
            .ToList();
        Assert.Empty(untagged);
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_NAME")]
    [InlineData("AZURE_FUNCTION_APP_URL")]
    [InlineData("AZURE_API_URL")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("SERVICE_API_NAME")]
    public void Main_template_outputs_what_azd_and_admins_need(string output) =>
        Assert.True(MainRoot.GetProperty("outputs").TryGetProperty(output, out _), $"missing output {output}");

    [Fact]
    public void Parameters_file_maps_environment_name_and_location_to_azd_variables()
    {
        var parameters = ParametersFile();
        Assert.Equal("${AZURE_ENV_NAME}", parameters["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", parameters["location"]);
    }

    [Fact]
    public void Parameters_file_supplies_every_required_parameter_and_nothing_unknown()
    {
        var declared = MainRoot.GetProperty("parameters").EnumerateObject().ToList();
        var supplied = ParametersFile();

        var required = declared.Where(parameter => !parameter.Value.TryGetProperty("defaultValue", out _)).Select(parameter => parameter.Name);
        Assert.Empty(required.Except(supplied.Keys));
        Assert.Empty(supplied.Keys.Except(declared.Select(parameter => parameter.Name)));
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_the_api_service_with_bicep_from_infra_bicep()
    {
        var lines = File.ReadAllLines(Path.Combine(infrastructure.RepositoryPath, "azure.yaml"))
            .Select(line => line.TrimEnd())
            .Where(line => line.Length > 0 && !line.TrimStart().StartsWith('#'))
            .ToList();

        Assert.Contains("infra:", lines);
        Assert.Contains("  provider: bicep", lines);
        Assert.Contains("  path: infra-bicep", lines);
        Assert.Contains("services:", lines);
        Assert.Contains("  api:", lines);
        Assert.Contains("    project: ./functions/ServiceIndex.Functions", lines);
        Assert.Contains("    language: dotnet", lines);
        Assert.Contains("    host: function", lines);
    }

    private Dictionary<string, string> ParametersFile()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(infrastructure.InfraPath, "main.parameters.json")));
        return document.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(parameter => parameter.Name, parameter => parameter.Value.GetProperty("value").ToString());
    }
}
