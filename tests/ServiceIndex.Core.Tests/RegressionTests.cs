using System.Text;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>Bugs found by review, each pinned by the test that exposed it.</summary>
public sealed class RegressionTests
{
    [Fact]
    public void A_record_with_invalid_UTF8_inside_a_string_is_rejected_not_thrown()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"kind":"unit","id":"X","version":1,"changedAt":"2023-01-01T00:00:00+07:00","data":{"name":"N","level":"commune","parentId":null}}""");
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xFF;
        var result = ChangeRecordParser.Parse(bytes);
        Assert.Equal(RejectionReason.InvalidJson, result.Rejection?.Reason);
    }

    [Fact]
    public void A_record_with_an_unpaired_surrogate_in_its_id_is_rejected_not_thrown()
    {
        var result = ChangeRecordParser.Parse("""{"kind":"unit","id":"\ud800","version":1,"changedAt":"2023-01-01T00:00:00+07:00","data":{"name":"N","level":"commune","parentId":null}}"""u8);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_cycle_through_the_root_cuts_one_link_and_leaves_the_rest_of_the_hierarchy_intact()
    {
        var tree = new UnitTree(
        [
            new Unit("qna", "Tỉnh", UnitLevel.Province, "c1", false),
            new Unit("d1", "Huyện 1", UnitLevel.District, "qna", false),
            new Unit("c1", "Xã 1", UnitLevel.Commune, "d1", false),
            new Unit("c2", "Xã 2", UnitLevel.Commune, "d1", false),
            new Unit("d2", "Huyện 2", UnitLevel.District, "qna", false),
            new Unit("c3", "Xã 3", UnitLevel.Commune, "d2", false),
        ]);
        Assert.Equal("d1", tree.EffectiveParent("c2"));
        Assert.Equal("qna", tree.EffectiveParent("d2"));
        Assert.Equal("d2", tree.EffectiveParent("c3"));
        Assert.Single(tree.Roots);
    }

    [Fact]
    public void A_unit_hanging_below_a_two_unit_cycle_keeps_its_parent()
    {
        var tree = new UnitTree(
        [
            new Unit("a", "A", UnitLevel.District, "b", false),
            new Unit("b", "B", UnitLevel.District, "a", false),
            new Unit("c", "C", UnitLevel.Commune, "a", false),
        ]);
        Assert.Equal("a", tree.EffectiveParent("c"));
        Assert.Equal(3, tree.PreOrder.Count);
    }

    [Theory]
    [InlineData("9999-12")]
    [InlineData("9999-Q4")]
    [InlineData("2023-Q5")]
    [InlineData("２０２３")]
    public void An_unusable_period_is_refused_with_a_message_not_an_exception(string text)
    {
        Assert.False(Period.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("""{"indicators":{"T1":{"max":"6"}}}""")]
    [InlineData("""{"indicators":[]}""")]
    [InlineData("not json")]
    public void A_malformed_rules_file_is_refused_with_a_FormatException(string json) =>
        Assert.Throws<FormatException>(() => Scoring.IndexRules.FromJson(json));

    [Fact]
    public void The_received_counts_stand_in_the_same_order_in_the_period_tally_and_the_month_ledger()
    {
        var period = Enumerable.Range(0, Scoring.ReceivedDossier.Counts).Select(i => (Scoring.Counter.Received + i).ToString());
        var month = Enumerable.Range(0, Scoring.ReceivedDossier.Counts).Select(i => (Incremental.MonthCounter.Received + i).ToString());
        Assert.Equal(period, month);
        Assert.Equal(Scoring.Counter.ReceivedPopulationData, Scoring.Counter.Received + (Scoring.ReceivedDossier.Counts - 1));
    }
}
