using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class LayoutTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_ledger_refuses_a_bucket_count_other_than_the_one_it_was_created_with()
    {
        var prefix = azurite.NewPrefix();
        await using (var first = PipelineHarness.Create(azurite, prefix, settings: new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "16" }))
        {
            await first.Storage.EnsureCreatedAsync(CancellationToken.None);
        }

        await using var other = PipelineHarness.Create(azurite, prefix, settings: new Dictionary<string, string?> { ["Pipeline:BucketCount"] = "8" });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => other.Refresher.RefreshAsync(CancellationToken.None));
        Assert.Contains("16 buckets", error.Message, StringComparison.Ordinal);
    }
}
