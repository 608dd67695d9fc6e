using ServiceIndex.Pipeline;

namespace ServiceIndex.Infra.Tests;

/// <summary>The storage names the application uses (from the pipeline's own constants); infra-bicep/names.bicep must create exactly these.</summary>
internal static class AppStorageNames
{
    public static readonly string[] Queues = [.. StorageNames.Queues];

    public static readonly string[] Tables = [.. StorageNames.Tables];

    public static readonly string[] Containers = [.. StorageNames.Containers];
}
