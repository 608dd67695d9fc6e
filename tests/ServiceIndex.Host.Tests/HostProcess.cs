using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Host.Reliability;
using ServiceIndex.Testing;

namespace ServiceIndex.Host.Tests;

/// <summary>The real <c>serviceindex run</c> as a child process on a real port, as a user or an operator starts it, on the pinned clock.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly HostChild _child;

    private HostProcess(HostChild child, Uri baseUrl)
    {
        _child = child;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public string OutputTail
    {
        get
        {
            var text = _child.Tail;
            return text.Length <= 4000 ? text : text[^4000..];
        }
    }

    public static HostProcess Start(params string[] configuration)
    {
        var port = FreePort();
        var child = HostChild.Start(Cli.HostDll, [$"--Urls=http://127.0.0.1:{port}", PinnedClock.Argument, .. configuration]);
        return new HostProcess(child, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Polls <c>/api/status</c> until <paramref name="until"/> holds; fails with the host's output otherwise.</summary>
    public Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> until, TimeSpan timeout) =>
        Eventually.UntilAsync(async () =>
        {
            Assert.False(_child.HasExited, $"the host exited with {(_child.HasExited ? _child.ExitCode : 0)}:\n{OutputTail}");
            using var response = await Http.GetAsync(new Uri("api/status", UriKind.Relative));
            var status = response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
            return (response.IsSuccessStatusCode && until(status), status);
        }, "the expected status", timeout, TimeSpan.FromMilliseconds(250), () => OutputTail);

    /// <summary>Polls <c>/api/scores?period=</c> until the host serves them (it may still be starting or catching up).</summary>
    public async Task<JsonElement> ScoresAsync(string period)
    {
        var body = await Eventually.UntilAsync(async () =>
        {
            using var response = await Http.GetAsync(new Uri($"api/scores?period={period}", UriKind.Relative));
            return (response.IsSuccessStatusCode, response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}");
        }, $"scores for {period}", every: TimeSpan.FromMilliseconds(500), context: () => OutputTail);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Stops the host as Ctrl+C does (SIGINT: a graceful shutdown that also stops its embedded Azurite cleanly).</summary>
    public Task<bool> StopAsync() => _child.StopAsync(ProcessSignals.Interrupt, TimeSpan.FromSeconds(60));

    /// <summary>Ends the process at once, as a crash or an out-of-memory kill would.</summary>
    public Task KillAsync() => _child.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await _child.DisposeAsync();
        Http.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
