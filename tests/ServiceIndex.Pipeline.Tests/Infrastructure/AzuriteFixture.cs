using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>
/// A real Azurite (blob, queue, table) for the tests of one run, started from the version pinned in
/// <c>tools/azurite</c> (found by walking up to <c>ServiceIndex.sln</c>; <c>npm ci</c> there first if
/// needed), in memory, on free ports, and killed on dispose. Tests share it and stay apart by giving
/// every test its own name prefix (<see cref="NewPrefix"/>) for tables, queues and containers.
/// Self-contained: copy this one file into another test project and declare a collection for it.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The well-known development account of the emulator (public, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static int s_prefixes;

    private readonly string _runId = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next())).ToLowerInvariant()[..4];
    private Process? _process;
    private string? _workDirectory;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>A connection string with explicit endpoints (the <c>UseDevelopmentStorage=true</c> account on this run's ports).</summary>
    public string ConnectionString =>
        string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};");

    /// <summary>A fresh prefix (lowercase letters and digits, starting with a letter) for one test's storage names.</summary>
    public string NewPrefix() => string.Create(CultureInfo.InvariantCulture, $"t{_runId}{Interlocked.Increment(ref s_prefixes)}x");

    public async Task InitializeAsync()
    {
        var azuriteDirectory = Path.Combine(FindRepositoryRoot(), "tools", "azurite");
        var executable = Path.Combine(azuriteDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(executable))
        {
            await InstallAsync(azuriteDirectory).ConfigureAwait(false);
        }

        _workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = _workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--silent", "--disableTelemetry", "--extentMemoryLimit", "1024",
                     "--blobHost", "127.0.0.1", "--blobPort", "0", "--queueHost", "127.0.0.1", "--queuePort", "0",
                     "--tableHost", "127.0.0.1", "--tablePort", "0",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var allListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        _process.Exited += (_, _) => allListening.TrySetException(new InvalidOperationException($"Azurite exited early:\n{output}"));
        if (!_process.Start())
        {
            throw new InvalidOperationException($"Could not start {executable}.");
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await allListening.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        BlobPort = ports["Blob"];
        QueuePort = ports["Queue"];
        TablePort = ports["Table"];
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            await WaitForPortAsync(port).ConfigureAwait(false);
        }

        void OnOutput(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (ports)
            {
                output.AppendLine(line);
                var match = Listening().Match(line);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        allListening.TrySetResult();
                    }
                }
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        if (_workDirectory is not null)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open: the temp directory is cleaned up later.
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The directory holding <c>ServiceIndex.sln</c>, above the test binaries.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceIndex.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ServiceIndex.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs <c>npm ci</c> once, even when several test projects start at the same moment (a lock file serialises them).</summary>
    private static async Task InstallAsync(string directory)
    {
        var lockPath = Path.Combine(directory, ".install.lock");
        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(500))
        {
            try
            {
                await using var gate = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                if (File.Exists(Path.Combine(directory, "node_modules", ".bin", "azurite")))
                {
                    return;
                }

                var npm = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", "ci --no-audit --no-fund")
                {
                    WorkingDirectory = directory,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm could not be started.");
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync().ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci failed in {directory}:\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
                }

                return;
            }
            catch (IOException) when (waited < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(500).ConfigureAwait(false); // another process is installing
            }
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex Listening();
}

/// <summary>Tests that need storage join this collection: one Azurite for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
