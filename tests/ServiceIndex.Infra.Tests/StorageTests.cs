using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed partial class StorageTests(CompiledInfrastructure infrastructure)
{
    private JsonElement Account => infrastructure.Single(ResourceTypes.StorageAccount).Properties;

    [Fact]
    public void Storage_account_disallows_shared_key_access() =>
        Assert.Equal(JsonValueKind.False, Account.GetProperty("allowSharedKeyAccess").ValueKind);

    [Fact]
    public void Storage_account_accepts_https_only() =>
        Assert.Equal(JsonValueKind.True, Account.GetProperty("supportsHttpsTrafficOnly").ValueKind);

    [Fact]
    public void Storage_account_requires_tls_1_2() =>
        Assert.Equal("TLS1_2", Account.GetProperty("minimumTlsVersion").GetString());

    [Fact]
    public void Storage_account_disallows_public_blob_access() =>
        Assert.Equal(JsonValueKind.False, Account.GetProperty("allowBlobPublicAccess").ValueKind);

    [Fact]
    public void Storage_queues_are_exactly_the_ones_the_app_uses() =>
        Assert.Equal(AppStorageNames.Queues.Order(), NamesCreatedByLoop(ResourceTypes.Queue).Order());

    [Fact]
    public void Storage_tables_are_exactly_the_ones_the_app_uses() =>
        Assert.Equal(AppStorageNames.Tables.Order(), NamesCreatedByLoop(ResourceTypes.Table).Order());

    [Fact]
    public void Blob_containers_are_the_ones_the_app_uses() =>
        Assert.Equal(AppStorageNames.Containers.Order(), NamesCreatedByLoop(ResourceTypes.BlobContainer).Order());

    [Fact]
    public void Flex_consumption_gets_its_own_deployment_package_container()
    {
        var container = infrastructure.All(ResourceTypes.BlobContainer)
            .Single(resource => !resource.Element.TryGetProperty("copy", out _));
        Assert.Contains("parameters('deploymentContainerName')", container.Text("name"), StringComparison.Ordinal);

        var name = container.Template.ParameterValue("deploymentContainerName").GetString()!;
        Assert.StartsWith("[format('app-package-", name, StringComparison.Ordinal);

        var site = infrastructure.Single(ResourceTypes.Site);
        var source = site.Properties.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");
        Assert.Contains("parameters('deploymentContainerName')", source.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal(name, site.Template.ParameterValue("deploymentContainerName").GetString());
    }

    [Fact]
    public void No_container_is_publicly_readable()
    {
        foreach (var container in infrastructure.All(ResourceTypes.BlobContainer))
        {
            Assert.Equal("None", container.Properties.GetProperty("publicAccess").GetString());
        }
    }

    /// <summary>The names a copy loop creates: the array parameter it counts, as the module receives it.</summary>
    private List<string> NamesCreatedByLoop(string type)
    {
        var loop = infrastructure.All(type).Single(resource => resource.Element.TryGetProperty("copy", out _));
        var count = loop.Element.GetProperty("copy").GetProperty("count").GetString()!;
        var match = LengthOfParameter().Match(count);
        Assert.True(match.Success, $"{type} loop counts '{count}', not an array parameter.");

        var parameter = match.Groups["name"].Value;
        Assert.Contains($"parameters('{parameter}')[copyIndex()]", loop.Text("name"), StringComparison.Ordinal);
        return loop.Template.ParameterValue(parameter).EnumerateArray().Select(name => name.GetString()!).ToList();
    }

    [GeneratedRegex(@"^\[length\(parameters\('(?<name>[^']+)'\)\)\]$")]
    private static partial Regex LengthOfParameter();
}
