using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Options;

namespace ServiceIndex.Infra.Tests;

/// <summary>The storage names the application uses (from the pipeline's own constants); infra-bicep/names.bicep must create exactly these.</summary>
internal static class AppStorageNames
{
    public static readonly string[] Queues = [.. StorageNames.Queues];

    /// <summary>Bicep deploys the ledger tables of the default bucket count (<see cref="PipelineOptions.BucketCount"/>).</summary>
    public static readonly string[] Tables = [.. StorageNames.Tables(new PipelineOptions().BucketCount)];

    public static readonly string[] Containers = [.. StorageNames.Containers];
}
