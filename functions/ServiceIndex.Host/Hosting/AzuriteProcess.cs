using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// The embedded storage: an Azurite process from the project's own pinned install
/// (<c>tools/azurite</c>), data in a local folder so that scores survive a restart.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        ConnectionString = string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");
    }

    public string ConnectionString { get; }

    /// <summary>The Node process serving the emulator (for its memory and CPU in benchmarks).</summary>
    public int ProcessId => _process.Id;

    /// <param name="dataFolder">Where Azurite keeps its data; null keeps everything in memory.</param>
    /// <param name="ct">Stops the start.</param>
    /// <param name="preferDefaultPorts">Try 10000–10002 first (the run verb); otherwise ports the system picks.</param>
    /// <param name="nodeArguments">When given, Node runs the emulator with these options first (benchmarks: heap size, <c>--prof</c>).</param>
    public static async Task<AzuriteProcess> StartAsync(string? dataFolder, CancellationToken ct, bool preferDefaultPorts = true,
        IReadOnlyList<string>? nodeArguments = null)
    {
        var root = RepositoryRoot.Find();
        var azurite = Path.Combine(root, "tools", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {azurite}. Run ./run.sh (or tools/install.sh) once, or set Storage:ConnectionString.");
        }

        // Another Azurite may win the race for a free port between our probe and its bind: then ours exits,
        // and we try again on ports the system picks, never talking to someone else's emulator.
        for (var attempt = 0; ; attempt++)
        {
            var ports = attempt == 0 && preferDefaultPorts ? (Free(10000), Free(10001), Free(10002)) : (Free(0), Free(0), Free(0));
            var started = await TryStartAsync(azurite, dataFolder, ports, nodeArguments, ct).ConfigureAwait(false);
            if (started is not null)
            {
                return started;
            }

            if (attempt == 4)
            {
                throw new InvalidOperationException("Azurite did not start listening on its ports after 5 attempts.");
            }
        }
    }

    private static async Task<AzuriteProcess?> TryStartAsync(string azurite, string? dataFolder, (int, int, int) ports,
        IReadOnlyList<string>? nodeArguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(nodeArguments is null ? azurite : "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (nodeArguments is not null)
        {
            // Some options (--prof, --cpu-prof) are refused in NODE_OPTIONS: run the script behind the .bin link with them.
            foreach (var argument in nodeArguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(File.ResolveLinkTarget(azurite, returnFinalTarget: true)?.FullName ?? azurite);
        }

        foreach (var arg in new[]
                 {
                     "--skipApiVersionCheck", "--loose", "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", ports.Item1.ToString(CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", ports.Item2.ToString(CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", ports.Item3.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (dataFolder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataFolder);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(dataFolder);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azuriteProcess = new AzuriteProcess(process, ports.Item1, ports.Item2, ports.Item3);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await Listening(ports.Item3, ct).ConfigureAwait(false) || !await Listening(ports.Item2, ct).ConfigureAwait(false) ||
               !await Listening(ports.Item1, ct).ConfigureAwait(false))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azuriteProcess.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        // Listening is not enough: the ports may belong to another emulator if ours lost the race and exited.
        await Task.Delay(300, ct).ConfigureAwait(false);
        if (process.HasExited)
        {
            await azuriteProcess.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        return azuriteProcess;
    }

    /// <summary>Stops the emulator cleanly (SIGTERM: with a data folder it saves its database on the way out), killing it after 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessSignals.StopAsync(_process, ProcessSignals.Terminate, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>The preferred port when it is free; otherwise (or for 0) one the system picks.</summary>
    private static int Free(int preferred)
    {
        if (preferred != 0)
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, preferred);
                probe.Start();
                return preferred;
            }
            catch (SocketException)
            {
                // taken: fall through to a system-chosen port
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    private static async Task<bool> Listening(int port, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>Finds the repository's root (the folder holding ServiceIndex.sln) from the running program.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ServiceIndex.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the ServiceIndex repository (ServiceIndex.sln) above the program or the current folder.");
    }
}
