using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Core.Tests;

/// <summary>The hierarchy as data (index-766.md, "Totals, roll-up, rating"): order, subtrees, roll-up, and faulty feeds.</summary>
public sealed class UnitTreeTests
{
    private static Unit U(string id, string? parent, UnitLevel level = UnitLevel.Commune) => new(id, id, level, parent, false);

    /// <summary>qna ─ d1 ─ c1, c2; qna ─ d2 ─ c3; qna ─ ag.</summary>
    private static UnitTree Province() => new(
    [
        U("c3", "d2"), U("c1", "d1"), U("ag", "qna", UnitLevel.Agency), U("d2", "qna", UnitLevel.District),
        U("qna", null, UnitLevel.Province), U("c2", "d1"), U("d1", "qna", UnitLevel.District),
    ]);

    [Fact]
    public void Pre_order_lists_every_parent_before_its_children()
    {
        var tree = Province();
        var position = tree.PreOrder.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        Assert.Equal(7, position.Count);
        foreach (var id in tree.PreOrder)
        {
            if (tree.EffectiveParent(id) is { } parent)
            {
                Assert.True(position[parent] < position[id], $"{parent} should come before {id}");
            }
        }
    }

    [Fact]
    public void Pre_order_visits_each_subtree_whole_with_siblings_by_id() =>
        Assert.Equal(["qna", "ag", "d1", "c1", "c2", "d2", "c3"], Province().PreOrder);

    [Fact]
    public void Units_follow_the_pre_order() =>
        Assert.Equal(Province().PreOrder, Province().Units.Select(u => u.Id));

    [Fact]
    public void RollUp_gives_every_unit_the_sum_over_its_subtree()
    {
        var own = new Dictionary<string, int> { ["qna"] = 1, ["ag"] = 10, ["d1"] = 100, ["c1"] = 1000, ["c2"] = 10000, ["d2"] = 100000, ["c3"] = 1000000 };
        var sums = Province().RollUp(id => own[id], (a, b) => a + b);
        Assert.Equal(1111111, sums["qna"]);
        Assert.Equal(11100, sums["d1"]);
        Assert.Equal(1100000, sums["d2"]);
        Assert.Equal(1000, sums["c1"]);
        Assert.Equal(10, sums["ag"]);
    }

    [Fact]
    public void RollUp_asks_each_unit_for_its_own_value_exactly_once()
    {
        var asked = new List<string>();
        Province().RollUp(id => { asked.Add(id); return 1; }, (a, b) => a + b);
        Assert.Equal(Province().PreOrder.Order(StringComparer.Ordinal), asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Subtree_is_the_unit_and_all_its_descendants() =>
        Assert.Equal(["c1", "c2", "d1"], Province().Subtree("d1").Order(StringComparer.Ordinal));

    [Fact]
    public void Subtree_of_a_leaf_is_the_leaf_alone() =>
        Assert.Equal(["c3"], Province().Subtree("c3"));

    [Fact]
    public void Subtree_of_the_root_is_every_unit() =>
        Assert.Equal(Province().PreOrder.Order(StringComparer.Ordinal), Province().Subtree("qna").Order(StringComparer.Ordinal));

    [Fact]
    public void SelfAndAncestors_walks_from_the_unit_up_to_the_root_nearest_first() =>
        Assert.Equal(["c2", "d1", "qna"], Province().SelfAndAncestors("c2"));

    [Fact]
    public void SelfAndAncestors_of_the_root_is_the_root_alone() =>
        Assert.Equal(["qna"], Province().SelfAndAncestors("qna"));

    [Fact]
    public void The_province_is_the_only_root_of_a_well_formed_tree() =>
        Assert.Equal(["qna"], Province().Roots);

    [Fact]
    public void A_unit_whose_parent_is_unknown_is_a_root_of_its_own()
    {
        var tree = new UnitTree([U("qna", null, UnitLevel.Province), U("c9", "ghost")]);
        Assert.Equal(["c9", "qna"], tree.Roots);
        Assert.Null(tree.EffectiveParent("c9"));
        Assert.Equal(["c9"], tree.SelfAndAncestors("c9"));
        Assert.Equal(["qna"], tree.Subtree("qna"));
    }

    [Fact]
    public void A_unit_whose_parent_is_unknown_joins_it_once_the_parent_appears()
    {
        var tree = new UnitTree([U("qna", null, UnitLevel.Province), U("c9", "d9"), U("d9", "qna", UnitLevel.District)]);
        Assert.Equal(["qna"], tree.Roots);
        Assert.Equal(["c9", "d9", "qna"], tree.SelfAndAncestors("c9"));
    }

    [Fact]
    public void A_two_unit_cycle_terminates_and_lists_each_unit_once()
    {
        var tree = new UnitTree([U("qna", null, UnitLevel.Province), U("a", "b"), U("b", "a")]);
        Assert.Equal(["a", "b", "qna"], tree.PreOrder.Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b", "qna"], tree.Units.Select(u => u.Id).Order(StringComparer.Ordinal));
        Assert.InRange(tree.SelfAndAncestors("a").Count(), 1, 2);
        Assert.InRange(tree.Subtree("a").Count(), 1, 2);
        var sums = tree.RollUp(_ => 1, (x, y) => x + y);
        Assert.Equal(3, tree.Roots.Sum(r => sums[r])); // every unit counted under exactly one root
    }

    [Fact]
    public void A_unit_that_is_its_own_parent_is_a_root()
    {
        var tree = new UnitTree([U("x", "x")]);
        Assert.Equal(["x"], tree.Roots);
        Assert.Equal(["x"], tree.SelfAndAncestors("x"));
    }

    [Fact]
    public void A_unit_moved_to_another_parent_rolls_up_under_its_new_parent()
    {
        var state = new VersionedState();
        foreach (var r in new[]
        {
            Build.Unit("qna", UnitLevel.Province, null), Build.Unit("d1", UnitLevel.District, "qna"),
            Build.Unit("d2", UnitLevel.District, "qna"), Build.Unit("c1", UnitLevel.Commune, "d1"),
            Build.Unit("c1", UnitLevel.Commune, "d2", version: 2),
        })
        {
            state.Offer(r, out _);
        }

        var sums = PeriodScoreBook.TreeOf(state.Live).RollUp(id => id == "c1" ? 5 : 0, (a, b) => a + b);
        Assert.Equal((0, 5, 5), (sums["d1"], sums["d2"], sums["qna"]));
    }

    [Fact]
    public void A_deleted_unit_leaves_the_tree_and_its_children_become_roots()
    {
        var state = new VersionedState();
        foreach (var r in new[]
        {
            Build.Unit("qna", UnitLevel.Province, null), Build.Unit("d1", UnitLevel.District, "qna"),
            Build.Unit("c1", UnitLevel.Commune, "d1"), Build.Unit("d1", UnitLevel.District, "qna", version: 2, deleted: true),
        })
        {
            state.Offer(r, out _);
        }

        var tree = PeriodScoreBook.TreeOf(state.Live);
        Assert.False(tree.Contains("d1"));
        Assert.Equal(["c1", "qna"], tree.Roots);
    }

    [Fact]
    public void ChildrenOf_a_unit_without_children_is_empty() =>
        Assert.Empty(Province().ChildrenOf("c1"));

    [Fact]
    public void An_empty_tree_has_no_units_and_rolls_up_to_nothing()
    {
        Assert.Equal(0, UnitTree.Empty.Count);
        Assert.Empty(UnitTree.Empty.RollUp(_ => 1, (a, b) => a + b));
    }
}
