using ServiceIndex.Core.Records;
using static ServiceIndex.Core.Tests.Build;

namespace ServiceIndex.Core.Tests;

/// <summary>feed.md's delivery rules: the newest version is the truth, duplicates and older versions are ignored.</summary>
public sealed class VersionedStateTests
{
    private static ChangeRecord Dossier(string id, long version, bool deleted = false, string unit = "c1") =>
        Record(id, Build.Dossier(unit: unit), version, deleted);

    [Fact]
    public void The_first_version_of_a_record_is_accepted_with_no_previous_state()
    {
        var state = new VersionedState();
        var v1 = Dossier("a", 1);
        Assert.Equal(VersionOutcome.Accepted, state.Offer(v1, out var previous));
        Assert.Null(previous);
        Assert.Same(v1, state.Get(v1.Key));
    }

    [Fact]
    public void A_newer_version_replaces_the_held_one_and_returns_it_as_previous()
    {
        var state = new VersionedState();
        var v1 = Dossier("a", 1);
        var v3 = Dossier("a", 3, unit: "c2");
        state.Offer(v1, out _);
        Assert.Equal(VersionOutcome.Accepted, state.Offer(v3, out var previous));
        Assert.Same(v1, previous);
        Assert.Same(v3, state.Get(v1.Key));
        Assert.Equal(1, state.Count);
    }

    [Fact]
    public void The_same_version_again_is_a_Duplicate_and_keeps_the_first_delivery()
    {
        var state = new VersionedState();
        var first = Dossier("a", 2);
        state.Offer(first, out _);
        Assert.Equal(VersionOutcome.Duplicate, state.Offer(Dossier("a", 2, unit: "c2"), out _));
        Assert.Same(first, state.Get(first.Key));
    }

    [Fact]
    public void An_older_version_is_Stale_and_does_not_replace_the_newer_one()
    {
        var state = new VersionedState();
        var v5 = Dossier("a", 5);
        state.Offer(v5, out _);
        Assert.Equal(VersionOutcome.Stale, state.Offer(Dossier("a", 4, unit: "c2"), out _));
        Assert.Same(v5, state.Get(v5.Key));
    }

    [Fact]
    public void A_deleted_newest_version_is_held_as_a_tombstone_and_is_not_live()
    {
        var state = new VersionedState();
        state.Offer(Dossier("a", 1), out _);
        state.Offer(Dossier("a", 2, deleted: true), out _);
        var held = state.Get(new RecordKey(RecordKind.Dossier, "a"));
        Assert.NotNull(held);
        Assert.Equal((2L, true), (held.Version, held.Deleted));
        Assert.Empty(state.Live);
        Assert.Single(state.All);
    }

    [Fact]
    public void An_older_version_arriving_after_the_deletion_does_not_revive_the_record()
    {
        var state = new VersionedState();
        state.Offer(Dossier("a", 3, deleted: true), out _);
        Assert.Equal(VersionOutcome.Stale, state.Offer(Dossier("a", 2), out _));
        Assert.Empty(state.Live);
    }

    [Fact]
    public void A_newer_undeleted_version_after_a_deletion_makes_the_record_live_again()
    {
        var state = new VersionedState();
        state.Offer(Dossier("a", 1, deleted: true), out _);
        Assert.Equal(VersionOutcome.Accepted, state.Offer(Dossier("a", 2), out _));
        Assert.Equal(["a"], state.Live.Select(r => r.Id));
    }

    [Fact]
    public void Live_lists_the_newest_version_of_every_record_that_is_not_deleted()
    {
        var state = new VersionedState();
        foreach (var r in new[] { Dossier("a", 1), Dossier("a", 2), Dossier("b", 1), Dossier("b", 2, deleted: true), Dossier("c", 4) })
        {
            state.Offer(r, out _);
        }

        Assert.Equal([("a", 2L), ("c", 4L)], state.Live.Select(r => (r.Id, r.Version)).OrderBy(x => x.Id, StringComparer.Ordinal));
        Assert.Equal(3, state.Count);
    }

    [Fact]
    public void A_unit_and_a_dossier_with_the_same_id_are_different_records()
    {
        var state = new VersionedState();
        Assert.Equal(VersionOutcome.Accepted, state.Offer(Unit("x", UnitLevel.Commune, "d1", version: 5), out _));
        Assert.Equal(VersionOutcome.Accepted, state.Offer(Dossier("x", 1), out var previous));
        Assert.Null(previous);
        Assert.Equal(2, state.Count);
        Assert.Equal([RecordKind.Unit, RecordKind.Dossier], state.Live.Select(r => r.Kind).Order());
    }

    [Fact]
    public void Ids_are_case_sensitive()
    {
        var state = new VersionedState();
        state.Offer(Dossier("a", 1), out _);
        Assert.Equal(VersionOutcome.Accepted, state.Offer(Dossier("A", 1), out _));
        Assert.Equal(2, state.Count);
    }

    [Fact]
    public void Any_delivery_order_with_duplicates_ends_with_the_newest_version()
    {
        var versions = Enumerable.Range(1, 6).Select(v => Dossier("a", v, unit: $"c{v}")).ToArray();
        var orders = new[] { new[] { 0, 1, 2, 3, 4, 5 }, [5, 4, 3, 2, 1, 0], [2, 5, 2, 0, 5, 1, 3, 4], [5, 5, 5, 0] };
        foreach (var order in orders)
        {
            var state = new VersionedState();
            foreach (var i in order)
            {
                state.Offer(versions[i], out _);
            }

            Assert.Same(versions[5], state.Get(new RecordKey(RecordKind.Dossier, "a")));
        }
    }

    [Theory]
    [InlineData(null, 1L, VersionOutcome.Accepted)]
    [InlineData(3L, 4L, VersionOutcome.Accepted)]
    [InlineData(3L, 3L, VersionOutcome.Duplicate)]
    [InlineData(3L, 2L, VersionOutcome.Stale)]
    public void Compare_decides_like_Offer_without_state(long? held, long incoming, VersionOutcome expected) =>
        Assert.Equal(expected, VersionedState.Compare(held, incoming));
}
