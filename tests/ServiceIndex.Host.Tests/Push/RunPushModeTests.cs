using System.Text.Json;

namespace ServiceIndex.Host.Tests.Push;

/// <summary><c>./run.sh --Simulator:Mode=dvcqg</c> as a user starts it: embedded Azurite and simulator, the simulator pushing to the host itself.</summary>
[Collection(Browser.SoloHostCollection.Name)]
public sealed class RunPushModeTests
{
    [Fact]
    public async Task Run_in_push_mode_scores_Da_Nang_from_dossiers_received_at_api_dvcqg()
    {
        var data = Directory.CreateTempSubdirectory("serviceindex-push-").FullName;
        await using var host = HostProcess.Start($"--LocalHost:AzuriteDataFolder={data}", "--Simulator:Mode=dvcqg",
            "--LocalHost:SimulatorHistoryDays=20", "--LocalHost:SimulatorDossiersPerYear=15000", "--LocalHost:SimulatorLiveRatePerSecond=0");

        await host.WaitForStatusAsync(_ => host.OutputTail.Contains("history pushed", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        await host.WaitForStatusAsync(s => s.GetProperty("caughtUp").GetBoolean(), TimeSpan.FromSeconds(60));

        using var response = await host.Http.GetAsync(new Uri("api/scores?period=2026-11&unitId=dng", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}\n{host.OutputTail}");
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("units")[0];
        Assert.Equal("Thành phố Đà Nẵng", root.GetProperty("name").GetString());
        Assert.True(root.GetProperty("indicators").GetProperty("P1").GetProperty("denominator").GetInt64() > 100, $"dossiers arrived by the push\n{host.OutputTail}");
        Assert.Contains("changes of Thành phố Đà Nẵng", host.OutputTail, StringComparison.Ordinal);
    }
}
