using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// Asks a child process to stop (SIGTERM/SIGINT on Linux and macOS) and waits, so that it can flush what it holds —
/// Azurite saves its in-memory database only on a clean exit — before killing it as a last resort.
/// </summary>
internal static partial class ProcessSignals
{
    public const int Interrupt = 2;
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills the process tree if it still runs.</summary>
    /// <returns>True when the process ended by itself within the grace period.</returns>
    public static async Task<bool> StopAsync(Process process, int signal, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return true;
        }

        if (!OperatingSystem.IsWindows() && kill(process.Id, signal) == 0)
        {
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                // did not stop in time: kill below
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        return false;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA5392, SYSLIB1054 // a single blittable libc call; LibraryImport would need unsafe code for nothing
    private static extern int kill(int pid, int sig);
#pragma warning restore CA5392, SYSLIB1054
}
