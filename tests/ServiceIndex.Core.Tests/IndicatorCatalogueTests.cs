using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Core.Tests;

/// <summary>The indicator catalogue: names, groups, bars and maxima in one place, derived from the rules.</summary>
public sealed class IndicatorCatalogueTests
{
    [Fact]
    public void Every_indicator_code_is_listed_once_in_document_order_with_a_vietnamese_name() =>
        Assert.All(IndicatorCatalogue.Default.Indicators.Zip(IndexRules.Codes), pair =>
        {
            Assert.Equal(pair.Second, pair.First.Code);
            Assert.False(string.IsNullOrWhiteSpace(pair.First.Name));
            Assert.NotEqual(pair.First.Code, pair.First.Name);
        });

    [Fact]
    public void The_default_catalogue_has_the_five_groups_and_six_bars_of_index_766()
    {
        var catalogue = IndicatorCatalogue.Default;

        Assert.Equal(Groups.All, catalogue.Groups.Select(g => g.Key));
        Assert.Equal([18m, 20m, 22m, 22m, 18m], catalogue.Groups.Select(g => g.Max));
        Assert.Equal(Bars.All, catalogue.Bars.Select(b => b.Key));
        Assert.Equal([18m, 20m, 12m, 10m, 22m, 18m], catalogue.Bars.Select(b => b.Max));
        Assert.Equal(100m, catalogue.MaxTotal);
    }

    [Fact]
    public void The_online_group_holds_the_portals_two_online_bars() =>
        Assert.Equal([Bars.OnlinePublicServices, Bars.OnlinePayment], IndicatorCatalogue.Default.Group(Groups.OnlineServices).Bars);

    [Fact]
    public void Each_bar_lists_exactly_the_indicators_that_name_it() =>
        Assert.All(IndicatorCatalogue.Default.Bars, bar =>
            Assert.Equal(IndicatorCatalogue.Default.Indicators.Where(i => i.Bar == bar.Key).Select(i => i.Code), bar.Codes));

    [Fact]
    public void A_rules_file_that_changes_a_maximum_changes_the_indicator_its_bar_its_group_and_the_total()
    {
        var rules = IndexRules.FromJson("""{"indicators": {"T1": {"max": 8, "threshold": 0.9}}}""");

        var catalogue = IndicatorCatalogue.From(rules);

        Assert.Equal(8m, catalogue["T1"].Max);
        Assert.Equal(0.9m, catalogue["T1"].Threshold);
        Assert.Equal(20m, catalogue.Bars.Single(b => b.Key == Bars.Transparency).Max);
        Assert.Equal(20m, catalogue.Group(Groups.Transparency).Max);
        Assert.Equal(102m, catalogue.MaxTotal);
    }

    [Fact]
    public void Group_names_fit_an_excel_sheet_name() =>
        Assert.All(IndicatorCatalogue.Default.Groups, g =>
        {
            Assert.InRange(g.Name.Length, 1, 31);
            Assert.DoesNotContain(g.Name, c => ":\\/?*[]".Contains(c, StringComparison.Ordinal));
        });
}
