namespace ServiceIndex.Host.Tests;

/// <summary>The <c>simulate</c> verb writes a history that the <c>score</c> verb reads.</summary>
public sealed class SimulateVerbTests
{
    [Fact]
    public async Task Simulate_writes_the_same_file_for_the_same_seed_and_score_reads_it()
    {
        var a = Path.Combine(Path.GetTempPath(), $"si-{Guid.NewGuid():N}.jsonl");
        var b = Path.Combine(Path.GetTempPath(), $"si-{Guid.NewGuid():N}.jsonl");
        var args = new[] { "--from", "2024-03-01", "--to", "2024-03-31", "--seed", "42", "--dossiers-per-year", "20000" };
        Assert.Equal(0, (await Cli.RunAsync(["simulate", "--out", a, .. args])).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync(["simulate", "--out", b, .. args])).ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));

        var score = await Cli.RunAsync("score", "--input", a, "--period", "2024-03", "--format", "csv");
        Assert.Equal(0, score.ExitCode);
        Assert.True(score.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 250, "every unit of the province has a row");
    }
}
