using System.Collections.Concurrent;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// Results of small reads kept per key, so a dashboard polling many times a second costs one storage
/// read per key and interval. Once a result is older than its lifetime, callers still get it at once
/// while one read in the background replaces it (stale-while-revalidate); only the very first read of
/// a key, or one after a failure, is waited for. Concurrent callers share one read.
/// </summary>
internal sealed class RecentResults<T>(TimeProvider time, TimeSpan lifetime)
{
    private const int MaxKeys = 256;

    private readonly ConcurrentDictionary<string, Entry> _held = new(StringComparer.Ordinal);

    public Task<T> GetAsync(string key, Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!_held.TryGetValue(key, out var entry))
        {
            if (_held.Count >= MaxKeys)
            {
                _held.Clear();
            }

            entry = _held.GetOrAdd(key, _ => new Entry(read(), time.GetTimestamp()));
            return entry.Current;
        }

        var current = entry.Current;
        if (current.IsFaulted || current.IsCanceled)
        {
            entry.Replace(read(), time.GetTimestamp());
            return entry.Current;
        }

        if (current.IsCompletedSuccessfully && time.GetElapsedTime(entry.At) >= lifetime && entry.TryStartRefresh())
        {
            var next = read();
            _ = next.ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    entry.Replace(t, time.GetTimestamp());
                }

                entry.EndRefresh();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return current;
    }

    /// <summary>Forgets everything: the next call of each key reads (and waits).</summary>
    public void Clear() => _held.Clear();

    private sealed class Entry(Task<T> current, long at)
    {
        private readonly Lock _gate = new();
        private int _refreshing;

        public Task<T> Current { get; private set; } = current;

        public long At { get; private set; } = at;

        public void Replace(Task<T> task, long at)
        {
            lock (_gate)
            {
                Current = task;
                At = at;
            }
        }

        public bool TryStartRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

        public void EndRefresh() => Volatile.Write(ref _refreshing, 0);
    }
}
