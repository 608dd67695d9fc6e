using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Cli;

/// <summary>The <c>simulate</c> verb's output in each format: the feed's records, the push mode's calls, or the records equivalent to them.</summary>
internal static class SimulateCommand
{
    public static async Task WriteAsync(string path, SimulatorOptions options, string format, CancellationToken ct)
    {
        if (format == "feed")
        {
            await SimulatorHistory.WriteJsonLinesAsync(path, options, ct).ConfigureAwait(false);
            return;
        }

        var history = SimulatorHistory.Generate(options with { Mode = SimulatorModes.Dvcqg }, cancellationToken: ct);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            if (format == "dvcqg")
            {
                await SimulatorPush.WriteCallsAsync(file, history, ct).ConfigureAwait(false);
            }
            else
            {
                await SimulatorPush.WriteEquivalentRecordsAsync(file, history, ct).ConfigureAwait(false);
            }
        }
    }
}
