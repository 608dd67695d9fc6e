namespace ServiceIndex.Simulator;

/// <summary>
/// The procedure system's push: each time live records are appended, a <c>POST</c> without a body to the
/// consumer's webhook with the key in <see cref="KeyHeader"/>, so that it pulls at once instead of at its
/// next timer. Off unless <see cref="SimulatorOptions.NotifyUrl"/> is set; failures are counted and
/// otherwise ignored (the consumer's timer still pulls).
/// </summary>
public sealed class LiveNotifier : IAsyncDisposable
{
    public const string KeyHeader = "X-Webhook-Key";

    private readonly ChangeFeed _feed;
    private readonly Uri _url;
    private readonly string? _key;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent;
    private long _failed;

    internal LiveNotifier(ChangeFeed feed, Uri url, string? key)
    {
        _feed = feed;
        _url = url;
        _key = key;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Whether appends are notified (can be switched while running; on by default when configured).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Notifications the webhook accepted (2xx).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Notifications that failed (no answer or not 2xx).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    private async Task RunAsync(CancellationToken ct)
    {
        var time = _feed.TimeProvider;
        var seen = _feed.Count;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var next = _feed.NextLiveAt;
                var wait = next is { } at ? at - time.GetUtcNow() : TimeSpan.FromMilliseconds(200);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, ct).ConfigureAwait(false);
                }

                var count = _feed.Count; // appends what is due now
                if (count == seen || !Enabled)
                {
                    seen = count;
                    continue;
                }

                seen = count;
                using var request = new HttpRequestMessage(HttpMethod.Post, _url);
                if (_key is not null)
                {
                    request.Headers.Add(KeyHeader, _key);
                }

                using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _sent : ref _failed);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }
}
