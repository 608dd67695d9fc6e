using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ServiceIndex.Host.Reliability;

namespace ServiceIndex.Host.Tests.Browser;

/// <summary>
/// The real host as a user starts it: <c>dotnet serviceindex.dll run</c> on a free port, with its
/// embedded Azurite (data in a temporary folder) and its embedded simulator, sized small so the
/// backfill takes seconds, its clock pinned (<see cref="PinnedClock"/>) so the figures are the same any day. Keeps the tail of its output for failure messages; disposing kills the
/// whole process tree (the host and the Azurite it started) and deletes the data folder.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private const int TailLines = 120;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly string _dataFolder;
    private readonly long _started = TimeProvider.System.GetTimestamp();

    private DashboardHost(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataFolder = dataFolder;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>Now on the host's clock, near enough for a browser to share it (the clock runs at real speed from <see cref="PinnedClock.Start"/>).</summary>
    public DateTimeOffset Now => PinnedClock.Start + TimeProvider.System.GetElapsedTime(_started);

    /// <param name="settings">Configuration overrides, passed as <c>--Key=value</c> (the run verb hands unmatched tokens to configuration).</param>
    public static DashboardHost Start(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var dataFolder = Path.Combine(Path.GetTempPath(), $"si-browser-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataFolder);
        var start = HostChild.StartInfo(Cli.HostDll,
        [
            "run",
            string.Create(CultureInfo.InvariantCulture, $"--Urls=http://127.0.0.1:{port}"),
            $"--LocalHost:AzuriteDataFolder={dataFolder}",
            PinnedClock.Argument,
            .. settings.Select(s => $"--{s.Key}={s.Value}"),
        ]);
        start.WorkingDirectory = AppContext.BaseDirectory;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new DashboardHost(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")), dataFolder);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data, "");
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data, "err| ");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Waits until <c>/api/status</c> says caught up and then until <c>/api/scores</c> answers 200 with
    /// scores refreshed after that moment (the refresh runs on its own timer, every 15 s, so scores
    /// seen while the backfill was still running can lack units or records).
    /// </summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        DateTimeOffset? caughtUpAt = null;
        var last = "no answer yet";
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} before serving scores.\n{Tail()}");
            }

            try
            {
                if (caughtUpAt is null)
                {
                    using var status = await Http.GetAsync(new Uri("api/status", UriKind.Relative));
                    var body = await status.Content.ReadAsStringAsync();
                    last = $"/api/status {(int)status.StatusCode}: {body}";
                    if (status.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(body).RootElement.GetProperty("caughtUp").GetBoolean())
                    {
                        caughtUpAt = Now; // on the host's clock, which asOf is written in (never behind it: ours started first)
                    }
                }

                if (caughtUpAt is { } since)
                {
                    using var scores = await Http.GetAsync(new Uri("api/scores", UriKind.Relative));
                    var body = await scores.Content.ReadAsStringAsync();
                    last = $"/api/status caught up at {since:HH:mm:ss}Z; /api/scores {(int)scores.StatusCode}: {body[..Math.Min(body.Length, 300)]}";
                    if (scores.StatusCode == HttpStatusCode.OK &&
                        DateTimeOffset.Parse(JsonDocument.Parse(body).RootElement.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture) > since)
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or FormatException)
            {
                last = ex.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The host did not serve scores within {timeout.TotalSeconds:0} s (last: {last}).\n{Tail()}");
            }

            await Task.Delay(500);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string relative)
    {
        using var response = await Http.GetAsync(new Uri(relative, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /{relative} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The last lines the host wrote (stdout and stderr interleaved).</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return $"--- host output, last {_tail.Count} lines ---\n{string.Join('\n', _tail)}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stoppable: nothing more to do here.
        }
        finally
        {
            _process.Dispose();
        }

        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private void Keep(string? line, string prefix)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(prefix + line);
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
