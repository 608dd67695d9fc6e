using System.Text.Json;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Tests.Push;

/// <summary>
/// The push mode end to end over Kestrel and Azurite: the real host (<c>serviceindex run</c>) reads units, procedures and
/// feedback from the simulator's feed and receives every dossier from the simulator's sync module at <c>/api/dvcqg</c>, untidy
/// as real senders are; once the history is pushed it gets caught up and serves the offline scores of the equivalent records.
/// </summary>
public sealed class PushModeHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Username = "sync-module";
    private const string Password = "push-mode-test-password";

    // Today's map (Đà Nẵng) over a closed span before the pinned clock, so that the history does not depend on when the test runs.
    private static readonly SimulatorOptions Options = new()
    {
        Seed = 2107,
        From = new DateOnly(2026, 10, 1),
        To = new DateOnly(2026, 11, 17),
        DossiersPerYear = 30_000,
        LiveRatePerSecond = 0,
        Mode = SimulatorModes.Dvcqg,
    };

    private static readonly string[] Periods = ["2026-10", "2026-11", "2026-Q4"];

    [Fact]
    public async Task A_host_fed_by_the_push_gets_caught_up_and_serves_the_offline_scores_of_the_equivalent_records()
    {
        await using var simulator = await SimulatorServer.StartAsync(Options, PinnedClock.Create());
        await using var host = HostProcess.Start(
            $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Storage:NamePrefix={azurite.NewPrefix()}",
            $"--Feed:BaseUrl={simulator.BaseUrl}", $"--Feed:ApiKey={Options.ApiKey}", "--Admin:ApiKey=test-admin-key",
            $"--Dvcqg:Username={Username}", $"--Dvcqg:Password={Password}");
        await host.WaitForStatusAsync(_ => true, TimeSpan.FromSeconds(60)); // listening

        await using var pusher = DvcqgPusher.Start(simulator.Feed, host.BaseUrl, Username, Password);
        var pushed = await Task.WhenAny(pusher.HistoryPushed, Task.Delay(TimeSpan.FromMinutes(3)));
        Assert.True(pushed == pusher.HistoryPushed, $"the history was not pushed within 3 minutes ({pusher.Calls} calls, last error: {pusher.LastError})\n{host.OutputTail}");
        Assert.Equal(1, pusher.Logins);

        // Every call is answered only once queued, so caught up after the last answer means every pushed dossier is applied.
        var status = await host.WaitForStatusAsync(s => s.GetProperty("caughtUp").GetBoolean(), TimeSpan.FromSeconds(120));
        Assert.Equal(0, status.GetProperty("queuedMessages").GetInt32());

        var records = await PushRecords.GenerateAsync(Options, PinnedClock.Create());
        foreach (var label in Periods)
        {
            var served = await host.ScoresAsync(label);
            var asOf = Rfc3339.TryParse(served.GetProperty("asOf").GetString(), out var t) ? t : throw new FormatException();
            var expected = PushRecords.Score(PushRecords.Records(records.EquivalentLines), Period.Parse(label), asOf);
            ServedScores.AssertSame(expected, served, label);
        }
    }
}
