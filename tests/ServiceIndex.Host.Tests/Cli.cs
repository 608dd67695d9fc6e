using System.Diagnostics;
using System.Text;

namespace ServiceIndex.Host.Tests;

/// <summary>Runs the real <c>serviceindex</c> executable as a child process, as a user would.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "serviceindex.dll");

    public static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static string TempFile(string contents)
    {
        var path = Path.Combine(Path.GetTempPath(), $"si-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, contents, new UTF8Encoding(false));
        return path;
    }
}
