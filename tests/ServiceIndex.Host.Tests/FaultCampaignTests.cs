using ServiceIndex.Host.Reliability;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Host.Tests;

/// <summary>
/// The fault campaign of <c>serviceindex faults</c>, bounded to two seeds: feed faults, storage faults and (in
/// one run) the real host process killed at a random moment and restarted; each run ends equal to the offline
/// scores of the clean history, with nothing lost. Many seeds: <c>serviceindex faults --seeds 200</c> (docs/reliability.md).
/// </summary>
public sealed class FaultCampaignTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Runs_with_feed_storage_and_process_faults_end_with_every_score_equal_to_the_offline_truth_and_nothing_lost()
    {
        var calm = FaultPlan.Draw(seed: 42, changes: 600, killShare: 0) with { StorageClientRetries = 0, StorageFaultRate = 0.01 };
        var killed = FaultPlan.Draw(seed: 43, changes: 600, killShare: 0) with
        {
            Kills = [new KillPoint(KillStage.Apply, 0.3)],
            StorageClientRetries = 2,
            StorageFaultRate = 0.03,
        };

        var results = await Task.WhenAll(new[] { calm, killed }.Select(plan =>
            FaultRun.ExecuteAsync(plan, azurite.ConnectionString, Cli.HostDll, TimeSpan.FromMinutes(4), CancellationToken.None)));

        foreach (var result in results)
        {
            var line = FaultCampaign.Line(result);
            Assert.True(result.Failure is null, $"{line}\n{result.Failure}");
            Assert.Equal(0, result.Mismatches);
            Assert.Equal(0, result.Lost);
            Assert.Equal(0, result.Unexpected);
            Assert.Equal(result.Malformed, result.DeadLetters);
            Assert.Equal(0, result.PoisonLeft);
            Assert.True(result.Compared > 0, line);
            Assert.True(result.Malformed > 0 && result.Duplicates > 0 && result.OutOfOrder > 0, line);
        }

        Assert.Equal(1, results[1].Kills);
        Assert.True(results.Sum(r => r.StorageFaults.Values.Sum()) > 0, "no storage fault was injected");
    }
}
