namespace ServiceIndex.Pipeline.Diagnostics;

/// <summary>
/// Named points where tests make the pipeline fail as a crash would (after archive, after enqueue,
/// after a ledger transaction). Does nothing unless a test sets <see cref="OnPoint"/>.
/// </summary>
internal sealed class FaultInjection
{
    public const string Archived = "pull.archived";
    public const string Enqueued = "pull.enqueued";
    public const string Committed = "apply.committed";

    /// <summary>Called at each point; throw to simulate a crash there.</summary>
    public Action<string>? OnPoint { get; set; }

    public void At(string point) => OnPoint?.Invoke(point);
}
