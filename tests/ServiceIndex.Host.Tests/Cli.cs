using System.Diagnostics;
using System.Text;
using ServiceIndex.Host.Reliability;

namespace ServiceIndex.Host.Tests;

/// <summary>Runs the real <c>serviceindex</c> executable as a child process, as a user would.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "serviceindex.dll");

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var process = Process.Start(HostChild.StartInfo(HostDll, args))!;
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
