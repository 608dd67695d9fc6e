namespace ServiceIndex.Simulator.Tests;

public sealed class RecordFaultTests
{
    private static SimulatorOptions WithFaults(double duplicate = 0, double outOfOrder = 0, double malformed = 0) =>
        Histories.Small(20_000) with
        {
            RecordFaults = new() { DuplicateRate = duplicate, OutOfOrderRate = outOfOrder, MalformedRate = malformed },
        };

    [Fact]
    public void Malformed_rate_is_approximately_honoured()
    {
        var lines = Histories.Lines(Histories.Generate(WithFaults(malformed: 0.01)));

        var bad = lines.Count(l => FeedRecordChecker.CheckLine(l) is not null);

        Assert.InRange(bad / (double)lines.Length, 0.007, 0.013);
    }

    [Fact]
    public void Every_malformed_delivery_is_reported_and_every_other_one_is_valid()
    {
        var history = Histories.Generate(WithFaults(duplicate: 0.01, outOfOrder: 0.01, malformed: 0.01));
        var lines = Histories.Lines(history);

        var failing = lines.Select((line, i) => (line, i)).Where(x => FeedRecordChecker.CheckLine(x.line) is not null).Select(x => (long)x.i);
        var reported = history.Faults.Where(f => f.Kind == FaultKind.Malformed).Select(f => f.Position);

        Assert.Equal(reported.Order(), failing.Order());
    }

    [Fact]
    public void Every_kind_of_malformation_occurs()
    {
        var history = Histories.Generate(WithFaults(malformed: 0.01));

        var kinds = history.Faults.Select(f => f.Malformation).ToHashSet();

        Assert.Equal(Enum.GetValues<Malformation>().Where(m => m != Malformation.None).Order(), kinds.Order());
    }

    [Fact]
    public void Malformed_supplements_break_each_ordering_rule_of_the_feed()
    {
        var history = Histories.Generate(WithFaults(malformed: 0.2));
        var lines = Histories.Lines(history);

        var reasons = history.Faults
            .Where(f => f.Malformation == Malformation.SupplementOutOfOrder)
            .Select(f => FeedRecordChecker.CheckLine(lines[(int)f.Position]))
            .ToHashSet();

        Assert.Equal(
            [
                "dossier supplement requested before receivedAt or before the previous answer",
                "dossier supplement requested while the previous one is unanswered",
                "dossier supplement resumed before it was requested",
            ],
            reasons.Order());
    }

    [Fact]
    public void A_duplicate_repeats_an_earlier_delivery_exactly()
    {
        var history = Histories.Generate(WithFaults(duplicate: 0.01));
        var lines = Histories.Lines(history);
        var duplicates = history.Faults.Where(f => f.Kind == FaultKind.Duplicate).ToList();

        Assert.NotEmpty(duplicates);
        Assert.All(duplicates, d => Assert.Contains(lines[(int)d.Position], lines.Take((int)d.Position)));
    }

    [Fact]
    public void An_out_of_order_delivery_follows_a_newer_version_of_its_record()
    {
        var history = Histories.Generate(WithFaults(outOfOrder: 0.02));
        var records = Histories.Records(Histories.Lines(history));
        var byPosition = records.ToDictionary(r => (long)r.Position);
        var late = history.Faults.Where(f => f.Kind == FaultKind.OutOfOrder).ToList();

        Assert.NotEmpty(late);
        Assert.All(late, f =>
        {
            var older = byPosition[f.Position];
            Assert.Contains(records, r => r.Position < older.Position && r.Id == older.Id && r.Version > older.Version);
        });
    }

    [Fact]
    public void Faults_only_add_deliveries()
    {
        var clean = Histories.Lines(Histories.Generate(WithFaults())).ToHashSet();
        var faulty = Histories.Records(Histories.Lines(Histories.Generate(WithFaults(0.02, 0.02, 0.02))))
            .Select(r => r.Text).ToHashSet();

        Assert.True(clean.SetEquals(faulty));
    }

    [Fact]
    public void Malformed_items_keep_a_page_valid_JSON()
    {
        var feed = ChangeFeed.Create(WithFaults(malformed: 0.05), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Histories.Now));
        var body = new System.Buffers.ArrayBufferWriter<byte>();

        Assert.True(feed.TryWritePage(null, 1000, body, out _));
        using var page = System.Text.Json.JsonDocument.Parse(body.WrittenMemory);
        var items = page.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.ValueKind != System.Text.Json.JsonValueKind.Object);
        Assert.Contains(items, i => FeedRecordChecker.Check(i) is not null && i.ValueKind == System.Text.Json.JsonValueKind.Object);
    }
}
