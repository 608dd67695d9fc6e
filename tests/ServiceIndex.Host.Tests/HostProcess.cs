using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ServiceIndex.Host.Tests;

/// <summary>The real <c>serviceindex run</c> as a child process on a real port, as a user or an operator starts it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    public static HostProcess Start(params string[] configuration)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Cli.HostDll);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add($"--Urls=http://127.0.0.1:{port}");
        foreach (var c in configuration)
        {
            start.ArgumentList.Add(c);
        }

        var process = Process.Start(start)!;
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls <c>/api/status</c> until <paramref name="until"/> holds; fails with the host's output otherwise.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the host exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{OutputTail}");
            try
            {
                using var response = await Http.GetAsync(new Uri("api/status", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                    if (until(status))
                    {
                        return status;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        Assert.Fail($"the host did not reach the expected status within {timeout}:\n{OutputTail}");
        return default;
    }

    /// <summary>Stops the host as Ctrl+C does (SIGINT: a graceful shutdown that also stops its embedded Azurite cleanly).</summary>
    public Task<bool> StopAsync() => ServiceIndex.Host.Hosting.ProcessSignals.StopAsync(_process, ServiceIndex.Host.Hosting.ProcessSignals.Interrupt, TimeSpan.FromSeconds(60));

    /// <summary>Ends the process at once, as a crash or an out-of-memory kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
