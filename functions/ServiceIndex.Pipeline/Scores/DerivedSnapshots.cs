using System.Collections.Concurrent;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// Values derived from the read side's data (the ledger view, the clock's minute), one per key, each stamped
/// with what it was derived from. A request whose stamp is newer than the value held gets the held value at
/// once while the new one is built in the background (stale-while-revalidate, so a request never waits for
/// a rebuild); only the first request of a key waits, and concurrent ones share that build. A value is at
/// most one build behind its source.
/// </summary>
internal sealed class DerivedSnapshots<T>
    where T : class
{
    private const int MaxKeys = 64;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <param name="key">What the value is of (for example a period).</param>
    /// <param name="stamp">What it must be derived from to be current (for example the view's version and the minute).</param>
    /// <param name="build">Builds the current value (runs on the thread pool).</param>
    public Task<T> GetAsync(string key, string stamp, Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (!_slots.TryGetValue(key, out var slot))
        {
            if (_slots.Count >= MaxKeys)
            {
                _slots.Clear();
            }

            slot = _slots.GetOrAdd(key, _ => new Slot());
        }

        return slot.GetAsync(stamp, build);
    }

    /// <summary>Forgets every value (after an admin command rewrote the tables).</summary>
    public void Clear() => _slots.Clear();

    private sealed class Slot
    {
        private readonly Lock _gate = new();
        private (string Stamp, T Value)? _held;
        private Task<T>? _building;

        public Task<T> GetAsync(string stamp, Func<T> build)
        {
            lock (_gate)
            {
                if (_held is { } held)
                {
                    if (held.Stamp != stamp && _building is null)
                    {
                        _building = Start(stamp, build);
                    }

                    return Task.FromResult(held.Value);
                }

                return _building ??= Start(stamp, build);
            }
        }

        private Task<T> Start(string stamp, Func<T> build) =>
            Task.Run(() =>
            {
                try
                {
                    var value = build();
                    lock (_gate)
                    {
                        _held = (stamp, value);
                    }

                    return value;
                }
                finally
                {
                    lock (_gate)
                    {
                        _building = null;
                    }
                }
            });
    }
}
