using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>
/// The province's sync module, pointed at a receiver of the national sync format: logs in at
/// <c>POST {host}/api/dvcqg/auth</c>, pushes every dossier state of the feed's history and then its live ones at
/// <c>POST {host}/api/dvcqg</c> (<see cref="SimulatorModes.Dvcqg"/>), logs in again when the session has expired
/// (<c>error_code</c> 3), and sends a call again after a failure (no answer, an HTTP error, <c>error_code</c> 6) with a
/// growing pause, as a sender's retry is the only retry there is. Dispose it to stop.
/// </summary>
public sealed class DvcqgPusher : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly ChangeFeed _feed;
    private readonly Uri _auth;
    private readonly Uri _push;
    private readonly string _username;
    private readonly string _password;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _historyPushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private string? _session;
    private long _calls;
    private long _dossiers;
    private long _logins;
    private long _failures;

    private DvcqgPusher(ChangeFeed feed, Uri host, string username, string password, TimeSpan livePoll)
    {
        _feed = feed;
        var root = host.AbsoluteUri.EndsWith('/') ? host : new Uri(host.AbsoluteUri + "/");
        _auth = new Uri(root, "api/dvcqg/auth");
        _push = new Uri(root, "api/dvcqg");
        _username = username;
        _password = password;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _loop = Task.Run(() => RunAsync(livePoll, _stop.Token));
    }

    /// <summary>Completes once every dossier state of the history has been pushed and answered <c>error_code</c> 0.</summary>
    public Task HistoryPushed => _historyPushed.Task;

    /// <summary>Calls answered <c>error_code</c> 0 (a retried call counts twice).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Dossier states in those calls.</summary>
    public long Dossiers => Interlocked.Read(ref _dossiers);

    /// <summary>Successful logins (the first and every renewal).</summary>
    public long Logins => Interlocked.Read(ref _logins);

    /// <summary>Calls or logins that failed and were sent again.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The last failure, for a console or a test's message.</summary>
    public string? LastError { get; private set; }

    /// <summary>Starts pushing <paramref name="feed"/>'s dossiers to the receiver at <paramref name="host"/>.</summary>
    /// <param name="feed">The simulated system (its options' mode should be <see cref="SimulatorModes.Dvcqg"/>, so the feed does not serve the dossiers too).</param>
    /// <param name="host">The receiver's base URL (the part before <c>/api/dvcqg</c>).</param>
    /// <param name="username">The receiver's <c>Dvcqg:Username</c>.</param>
    /// <param name="password">The receiver's <c>Dvcqg:Password</c>.</param>
    /// <param name="livePoll">How often live states are looked for after the history (default 1 s).</param>
    public static DvcqgPusher Start(ChangeFeed feed, Uri host, string username, string password, TimeSpan? livePoll = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new DvcqgPusher(feed, host, username, password, livePoll ?? TimeSpan.FromSeconds(1));
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
            // stopped
        }

        _historyPushed.TrySetCanceled();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan livePoll, CancellationToken ct)
    {
        var world = _feed.History.World;
        var entries = new List<FeedEntry>();
        _feed.CopyEntries(0, entries);
        var plan = new PushPlan(world, entries.GetRange(0, (int)_feed.HistoryCount));
        var done = 0;
        var body = new ArrayBufferWriter<byte>(1 << 16);
        while (!ct.IsCancellationRequested)
        {
            var items = plan.Plan(entries, done, entries.Count);
            done = entries.Count;
            foreach (var call in SyncCalls.Calls(plan, items))
            {
                await SendAsync(world, body, call, ct).ConfigureAwait(false);
            }

            if (done >= _feed.HistoryCount)
            {
                _historyPushed.TrySetResult();
            }

            await Task.Delay(livePoll, ct).ConfigureAwait(false);
            _feed.CopyEntries(done, entries);
        }
    }

    private async Task SendAsync(World world, ArrayBufferWriter<byte> body, IReadOnlyList<PushItem> call, CancellationToken ct)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var session = _session ??= await LoginAsync(ct).ConfigureAwait(false);
            body.ResetWrittenCount();
            SyncCalls.Write(body, world, session, call);
            var (code, message) = await PostAsync(_push, body.WrittenMemory, ct).ConfigureAwait(false);
            if (code == 0)
            {
                Interlocked.Increment(ref _calls);
                Interlocked.Add(ref _dossiers, call.Count);
                return;
            }

            if (code == 3)
            {
                _session = null; // expired or unknown: log in again, then send the same call
                continue;
            }

            Fail(message);
            await Task.Delay(pause, ct).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    private async Task<string> LoginAsync(CancellationToken ct)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        var credentials = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["username"] = _username, ["password"] = _password });
        while (true)
        {
            var (code, text) = await PostAsync(_auth, credentials, ct).ConfigureAwait(false);
            if (code == 0 && text is { Length: > 0 })
            {
                Interlocked.Increment(ref _logins);
                return text;
            }

            Fail(text);
            await Task.Delay(pause, ct).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    /// <summary>Posts a body; the answer's <c>error_code</c> and its <c>session</c> (login) or <c>message</c>; −1 when there was no answer.</summary>
    private async Task<(int Code, string? Text)> PostAsync(Uri uri, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        try
        {
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = Json;
            using var response = await _http.PostAsync(uri, content, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (-1, $"HTTP {(int)response.StatusCode} from {uri}: {Short(text)}");
            }

            using var answer = JsonDocument.Parse(text);
            var root = answer.RootElement;
            var code = root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : -1;
            var detail = code == 0 && root.TryGetProperty("session", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()
                : root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? $"error_code {code}: {m.GetString()}" : Short(text);
            return (code, detail);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return (-1, $"{uri}: {ex.Message}");
        }
    }

    private void Fail(string? message)
    {
        Interlocked.Increment(ref _failures);
        LastError = message;
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
