namespace ServiceIndex.Infra.Tests;

/// <summary>The storage names the application uses; infra-bicep/names.bicep must create exactly these.</summary>
internal static class AppStorageNames
{
    public static readonly string[] Queues = ["changes", "changes-poison"];

    public static readonly string[] Tables =
    [
        "ledger", "scores", "checkpoints", "deadletters",
        "snapshots", "nationalranking", "pipelinestate",
    ];

    public static readonly string[] Containers = ["feed-archive", "leases"];
}
