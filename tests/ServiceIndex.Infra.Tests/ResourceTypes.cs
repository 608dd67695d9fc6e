namespace ServiceIndex.Infra.Tests;

internal static class ResourceTypes
{
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Queue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string Table = "Microsoft.Storage/storageAccounts/tableServices/tables";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string UserAssignedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string Site = "Microsoft.Web/sites";
    public const string SiteConfig = "Microsoft.Web/sites/config";
    public const string PublishingCredentialsPolicy = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string KeyVaultSecret = "Microsoft.KeyVault/vaults/secrets";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string LogAnalytics = "Microsoft.OperationalInsights/workspaces";
    public const string ResourceGroup = "Microsoft.Resources/resourceGroups";
}
