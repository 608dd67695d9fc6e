using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Host.Reliability;

/// <summary>
/// A real <c>serviceindex run</c> as a child process, killed as a crash would kill it (no shutdown, no
/// lease released, messages in hand left invisible). Counts the storage faults it logs.
/// </summary>
internal sealed partial class HostChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _tail = new();
    private readonly long[] _faults = new long[Enum.GetValues<StorageFaultKind>().Length];

    private HostChild(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Storage faults the child logged, per kind (a kill may lose the last few lines).</summary>
    public IReadOnlyDictionary<StorageFaultKind, long> StorageFaults =>
        Enum.GetValues<StorageFaultKind>().ToDictionary(k => k, k => Interlocked.Read(ref _faults[(int)k]));

    /// <summary>Every line the child wrote, for the secrets check of the tests.</summary>
    public List<string> Lines { get; } = [];

    public bool KeepLines { get; init; }

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return _tail.ToString();
            }
        }
    }

    /// <param name="hostDll">The <c>serviceindex.dll</c> to run with <c>dotnet</c>.</param>
    /// <param name="configuration">Configuration overrides, <c>--Key=value</c>.</param>
    /// <param name="keepLines">Keep every output line in <see cref="Lines"/>.</param>
    public static HostChild Start(string hostDll, IEnumerable<string> configuration, bool keepLines = false)
    {
        var start = StartInfo(hostDll, ["run", .. configuration]);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var child = new HostChild(process) { KeepLines = keepLines };
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary><c>dotnet {hostDll} {arguments}</c> with both output streams redirected as UTF-8.</summary>
    public static ProcessStartInfo StartInfo(string hostDll, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Stops the process with <paramref name="signal"/> (a graceful shutdown), killing it after <paramref name="grace"/>.</summary>
    public Task<bool> StopAsync(int signal, TimeSpan grace) => Hosting.ProcessSignals.StopAsync(_process, signal, grace);

    /// <summary>Ends the process at once, as an out-of-memory kill or a power cut would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        var match = Injected().Match(line);
        if (match.Success && Enum.TryParse<StorageFaultKind>(match.Groups["kind"].Value, out var kind))
        {
            Interlocked.Increment(ref _faults[(int)kind]);
        }

        lock (_tail)
        {
            if (KeepLines)
            {
                Lines.Add(line);
            }

            _tail.AppendLine(line);
            if (_tail.Length > 8000)
            {
                _tail.Remove(0, _tail.Length - 6000);
            }
        }
    }

    [GeneratedRegex(@"Storage fault injected: (?<kind>\w+) on ")]
    private static partial Regex Injected();
}
