using System.Diagnostics;
using System.Reflection;

namespace ServiceIndex.Infra.Tests.Infrastructure;

/// <summary>What one bicep invocation printed and returned.</summary>
public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// The bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package. The project file
/// records its path in an AssemblyMetadata attribute; BICEP_PATH overrides it.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string ExecutablePath
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("BICEP_PATH");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment;
            }

            var recorded = typeof(BicepCli).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(attribute => attribute.Key == "BicepPath")?.Value;
            if (string.IsNullOrEmpty(recorded) || !File.Exists(recorded))
            {
                throw new InvalidOperationException(
                    $"bicep not found at '{recorded}'. Restore the Azure.Bicep.CommandLine.linux-x64 package or set BICEP_PATH.");
            }

            return recorded;
        }
    }

    public static async Task<BicepRun> RunAsync(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
            }
        }

        return new BicepRun(
            $"bicep {string.Join(' ', arguments)}", process.ExitCode, await standardOutput, await standardError);
    }
}
