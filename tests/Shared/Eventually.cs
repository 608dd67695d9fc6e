namespace ServiceIndex.Testing;

/// <summary>
/// Waits for what the system under test does on its own time (a pipeline catching up, a host starting, a queue
/// draining): polls until it holds and fails with what was awaited and the last thing seen. The bound only turns a
/// hang into a failure; it is never a timing assertion (speed is measured by <c>bench</c>). A probe that meets
/// <see cref="HttpRequestException"/> (a host not listening yet) counts as "not yet".
/// </summary>
public static class Eventually
{
    /// <summary>The default bound: generous, so a slow or busy machine never fails a test that would pass.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    /// <summary>The default pause between two probes.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until it reports done, and returns its value.</summary>
    /// <param name="what">What is awaited, for the failure message ("the pipeline to catch up").</param>
    /// <param name="context">More to say on failure (a process's output tail, for example).</param>
    public static async Task<T> UntilAsync<T>(Func<Task<(bool Done, T Value)>> probe, string what, TimeSpan? within = null, TimeSpan? every = null,
        Func<string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var bound = within ?? Bound;
        var deadline = DateTime.UtcNow + bound;
        var seen = "nothing yet";
        while (true)
        {
            try
            {
                var (done, value) = await probe().ConfigureAwait(false);
                if (done)
                {
                    return value;
                }

                seen = value?.ToString() ?? "null";
            }
            catch (HttpRequestException ex)
            {
                seen = $"not listening ({ex.Message})";
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {bound.TotalSeconds:0} s waiting for {what}; last seen: {seen}{(context is null ? "" : "\n" + context())}");
            }

            await Task.Delay(every ?? Every).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it is true.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, TimeSpan? every = null, Func<string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(async () => (await condition().ConfigureAwait(false), "false"), what, within, every, context);
    }

    /// <summary>Polls a synchronous <paramref name="condition"/> until it is true.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null, TimeSpan? every = null, Func<string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult((condition(), "false")), what, within, every, context);
    }
}
