namespace ServiceIndex.Pipeline.Storage;

/// <summary>
/// The one pause between two attempts at a storage step that found the state moving under it: an optimistic-
/// concurrency conflict (409/412, another writer committed first) or a partition read while a compaction rewrote it.
/// Exponential with full jitter from 10 ms, capped at 1.3 s, so competing writers spread out instead of colliding
/// again. These loops re-read the state before each attempt, so they are not a plain retry of the same request (that
/// is the HTTP clients' resilience pipeline, which also backs off exponentially with jitter).
/// </summary>
public static class StorageBackoff
{
    private const int BaseMilliseconds = 10;
    private const int MaxDoublings = 7;

    /// <summary>The pause before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    public static TimeSpan Delay(int attempt)
    {
        var ceiling = BaseMilliseconds << Math.Clamp(attempt, 0, MaxDoublings);
        return TimeSpan.FromMilliseconds(BaseMilliseconds / 2 + Random.Shared.Next(ceiling));
    }

    /// <summary>Waits <see cref="Delay"/> of <paramref name="attempt"/>.</summary>
    public static Task WaitAsync(int attempt, CancellationToken cancellationToken) => Task.Delay(Delay(attempt), cancellationToken);
}
