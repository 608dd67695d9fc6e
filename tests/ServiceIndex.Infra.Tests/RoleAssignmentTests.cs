using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class RoleAssignmentTests(CompiledInfrastructure infrastructure)
{
    public static TheoryData<string, string, string> RequiredRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", ResourceTypes.StorageAccount },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", ResourceTypes.StorageAccount },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", ResourceTypes.StorageAccount },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", ResourceTypes.ApplicationInsights },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", ResourceTypes.KeyVault },
    };

    private IReadOnlyList<ArmResource> Assignments => infrastructure.All(ResourceTypes.RoleAssignment);

    [Theory]
    [MemberData(nameof(RequiredRoles))]
    public void Identity_holds_each_role_it_needs_on_that_one_resource(string role, string roleDefinitionId, string scopeType)
    {
        var expected = $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleDefinitionId}')]";
        var matching = Assignments
            .Where(assignment => assignment.Template.Inline(RoleDefinition(assignment)) == expected)
            .ToList();
        Assert.True(matching.Count == 1, $"{role}: expected one assignment, found {matching.Count}.");

        var assignment = matching[0];
        Assert.StartsWith($"[resourceId('{scopeType}', ", assignment.Text("scope"), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", assignment.Properties.GetProperty("principalType").GetString());
        Assert.Contains(
            $"'{ResourceTypes.UserAssignedIdentity}'",
            assignment.Properties.GetProperty("principalId").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_holds_no_role_beyond_the_five_it_needs()
    {
        Assert.Equal(RequiredRoles.Count(), Assignments.Count);

        // No assignment at resource group or subscription scope.
        Assert.All(Assignments, assignment => Assert.StartsWith("[resourceId(", assignment.Text("scope"), StringComparison.Ordinal));
    }

    [Fact]
    public void Roles_are_granted_to_the_identity_the_function_app_runs_as()
    {
        var rbac = infrastructure.Main.ModuleDeclaring(ResourceTypes.RoleAssignment);
        var identity = infrastructure.Main.ModuleDeclaring(ResourceTypes.UserAssignedIdentity);
        var functions = infrastructure.Main.ModuleDeclaring(ResourceTypes.Site);

        Assert.Equal(identity.Argument("name")!.Value.GetString(), rbac.Argument("identityName")!.Value.GetString());
        Assert.Contains(
            $"reference('{identity.Symbol}').outputs.id.value",
            functions.Argument("identityId")!.Value.GetString(),
            StringComparison.Ordinal);
    }

    private static string RoleDefinition(ArmResource assignment) =>
        assignment.Properties.GetProperty("roleDefinitionId").GetString()!;
}
