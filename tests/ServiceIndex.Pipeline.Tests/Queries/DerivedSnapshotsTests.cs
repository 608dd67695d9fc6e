using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Tests.Queries;

public sealed class DerivedSnapshotsTests
{
    [Fact]
    public async Task The_first_request_of_a_key_waits_for_the_build_and_later_ones_with_the_same_stamp_share_it()
    {
        var snapshots = new DerivedSnapshots<string>();
        var builds = 0;

        var first = await snapshots.GetAsync("2026-11", "v1", () => $"built {Interlocked.Increment(ref builds)}");
        var second = await snapshots.GetAsync("2026-11", "v1", () => $"built {Interlocked.Increment(ref builds)}");

        Assert.Equal("built 1", first);
        Assert.Same(first, second);
        Assert.Equal(1, builds);
    }

    [Fact]
    public async Task A_newer_stamp_is_answered_from_the_last_build_while_the_next_is_built_then_from_the_new_one()
    {
        var snapshots = new DerivedSnapshots<string>();
        await snapshots.GetAsync("2026-11", "v1", () => "from v1");
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();

        var whileBuilding = await snapshots.GetAsync("2026-11", "v2", () =>
        {
            started.SetResult();
            release.Task.Wait();
            return "from v2";
        });
        await started.Task;
        var stillBuilding = await snapshots.GetAsync("2026-11", "v2", () => throw new InvalidOperationException("a second build while one runs"));
        release.SetResult();

        Assert.Equal("from v1", whileBuilding);
        Assert.Equal("from v1", stillBuilding);
        var after = "from v1";
        for (var i = 0; i < 10_000 && after == "from v1"; i++)
        {
            await Task.Delay(1);
            after = await snapshots.GetAsync("2026-11", "v2", () => "rebuilt needlessly");
        }

        Assert.Equal("from v2", after);
    }

    [Fact]
    public async Task Keys_are_built_independently()
    {
        var snapshots = new DerivedSnapshots<string>();

        var november = await snapshots.GetAsync("2026-11", "v1", () => "november");
        var october = await snapshots.GetAsync("2026-10", "v1", () => "october");

        Assert.Equal("november", november);
        Assert.Equal("october", october);
    }

    [Fact]
    public async Task A_failed_first_build_is_tried_again_by_the_next_request()
    {
        var snapshots = new DerivedSnapshots<string>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshots.GetAsync("2026-11", "v1", () => throw new InvalidOperationException("storage down")));
        var retried = await snapshots.GetAsync("2026-11", "v1", () => "built");

        Assert.Equal("built", retried);
    }
}
