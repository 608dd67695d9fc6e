using Microsoft.Extensions.Time.Testing;

namespace ServiceIndex.Simulator.Tests;

[Collection(YearHistoryCollection.Name)]
public sealed class HistoryTests(YearHistory year)
{
    [Fact]
    public void Same_seed_gives_identical_history()
    {
        var options = Histories.Small(10_000) with { RecordFaults = new() { DuplicateRate = 0.01, OutOfOrderRate = 0.01, MalformedRate = 0.01 } };

        Assert.Equal(Histories.Bytes(options), Histories.Bytes(options));
    }

    [Fact]
    public void Different_seeds_give_different_histories()
    {
        var options = Histories.Small(10_000);

        Assert.NotEqual(Histories.Bytes(options), Histories.Bytes(options with { Seed = 767 }));
    }

    [Fact]
    public void Every_record_follows_the_feed_rules()
    {
        var failures = year.Lines
            .Select((line, i) => (i, reason: FeedRecordChecker.CheckLine(line)))
            .Where(x => x.reason is not null)
            .Take(5)
            .ToList();

        Assert.Empty(failures);
    }

    [Fact]
    public void Every_reference_points_to_a_known_unit_or_procedure()
    {
        Assert.All(year.Units.Values, u => Assert.True(u.Str("parentId") is null || year.Units.ContainsKey(u.Str("parentId")!)));
        Assert.All(year.Procedures.Values, p => Assert.All(p.Data.GetProperty("unitIds").EnumerateArray(),
            id => Assert.Contains(id.GetString()!, year.Units.Keys)));
        Assert.All(year.Dossiers.Values, d =>
        {
            Assert.Contains(d.Str("unitId")!, year.Units.Keys);
            Assert.Contains(d.Str("procedureId")!, year.Procedures.Keys);
        });
    }

    [Fact]
    public void Versions_strictly_increase_per_record()
    {
        var newest = new Dictionary<(string, string), int>();
        foreach (var record in year.Records)
        {
            var key = (record.Kind, record.Id);
            Assert.True(!newest.TryGetValue(key, out var before) || record.Version > before,
                $"{record.Kind} {record.Id} version {record.Version} after {before}");
            newest[key] = record.Version;
        }
    }

    [Fact]
    public void Stream_is_ordered_by_changedAt()
    {
        var times = year.Records.Select(r => r.ChangedAt).ToList();

        Assert.True(times.Zip(times.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void Units_and_procedures_come_first_as_version_one()
    {
        var catalogue = year.Units.Count + year.Procedures.Count;
        var head = year.Records.Take(catalogue).ToList();

        Assert.All(head, r => Assert.Contains(r.Kind, new[] { "unit", "procedure" }));
        Assert.All(head, r => Assert.Equal(1, r.Version));
        Assert.Equal("qna", head[0].Id);
    }

    [Fact]
    public void Times_are_written_in_Vietnam_time()
    {
        Assert.All(year.Lines.Take(20_000), line => Assert.DoesNotMatch(@"""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?!\+07:00"")", line));
    }

    [Fact]
    public void Volume_split_matches_the_province_ratios()
    {
        var byLevel = year.Dossiers.Values
            .GroupBy(d => year.Units[d.Str("unitId")!].Str("level")!)
            .ToDictionary(g => g.Key, g => g.Count() / (double)year.Dossiers.Count);

        // 37,710 / 70,296 / 89,728 of 197,734 in the first four months of 2023.
        Assert.InRange(byLevel["agency"], 0.191 - 0.02, 0.191 + 0.02);
        Assert.InRange(byLevel["district"], 0.356 - 0.02, 0.356 + 0.02);
        Assert.InRange(byLevel["commune"], 0.454 - 0.02, 0.454 + 0.02);
    }

    [Fact]
    public void Volume_follows_DossiersPerYear()
    {
        Assert.InRange(year.Dossiers.Count, 30_000 * 0.95, 30_000 * 1.05);
    }

    [Fact]
    public void About_47_percent_of_dossiers_are_online()
    {
        var online = year.Dossiers.Values.Count(d => d.Str("channel") == "online") / (double)year.Dossiers.Count;

        Assert.InRange(online, 0.43, 0.51);
    }

    [Fact]
    public void Land_is_the_slowest_field_on_average()
    {
        // Fields with too few dossiers at this volume are noise, not signal.
        var averageDays = year.Handled()
            .GroupBy(year.FieldOf)
            .Where(g => g.Count() >= 200)
            .ToDictionary(g => g.Key, g => g.Average(d => (d.Time("completedAt")!.Value - d.Time("receivedAt")!.Value).TotalDays));

        Assert.Equal("dat-dai", averageDays.MaxBy(kv => kv.Value).Key);
    }

    [Fact]
    public void Late_dossiers_are_concentrated_in_land()
    {
        // Late as the spec says: the applicant's waiting time is not charged to the unit.
        var late = year.Handled().Where(d => d.Time("dueAt") is { } due && d.EffectiveEnd() > due).ToList();
        var handled = year.Handled().Count();

        Assert.InRange(late.Count / (double)handled, 0.01, 0.06);
        Assert.True(late.Count(d => year.FieldOf(d) == "dat-dai") > late.Count / 2);
    }

    [Fact]
    public void Most_dossiers_are_handled_on_time_but_some_have_no_deadline()
    {
        var withoutDeadline = year.Dossiers.Values.Count(d => d.Str("dueAt") is null);

        Assert.InRange(withoutDeadline / (double)year.Dossiers.Count, 0.02, 0.3);
    }

    [Fact]
    public void Dossiers_have_one_to_nine_versions()
    {
        // Received, in progress, asked twice and answered twice, result ready, finished, rated.
        var versions = year.Dossiers.Values.Select(d => d.Version).ToList();

        Assert.All(versions, v => Assert.InRange(v, 1, 9));
        Assert.True(versions.Distinct().Count() >= 5);
    }

    [Fact]
    public void Handled_dossiers_carry_completedAt_and_open_ones_do_not()
    {
        Assert.All(year.Dossiers.Values, d =>
            Assert.Equal(d.Str("status") is "completed" or "rejected", d.Str("completedAt") is not null));
    }

    [Fact]
    public void A_few_dossiers_are_deleted_in_a_later_version()
    {
        var deleted = year.Records.Where(r => r.Kind == "dossier" && r.Deleted).ToList();

        Assert.NotEmpty(deleted);
        Assert.True(deleted.Count < year.Dossiers.Count / 100);
        Assert.All(deleted, d => Assert.True(d.Version > 1));
    }

    [Fact]
    public void Ratings_are_sometimes_given_and_rarely_dissatisfied()
    {
        var rated = year.Dossiers.Values.Where(d => d.Str("rating") is not null).ToList();

        Assert.InRange(rated.Count / (double)year.Dossiers.Count, 0.05, 0.4);
        Assert.InRange(rated.Count(d => d.Str("rating") == "dissatisfied") / (double)rated.Count, 0.001, 0.1);
    }

    [Fact]
    public void Feedback_is_about_1600_per_four_months_at_the_province_scale_and_nearly_all_resolved()
    {
        var feedback = Histories.Latest(year.Records, "feedback").Values.ToList();

        // 1,598 per 197,734 dossiers: at 30,000 a year, ≈ 242 a year.
        Assert.InRange(feedback.Count, 180, 310);
        Assert.True(feedback.Count(f => f.Str("resolvedAt") is not null) >= feedback.Count * 0.95);
    }

    [Fact]
    public void A_procedure_improves_its_online_level_in_a_later_version()
    {
        var improved = year.Records
            .Where(r => r.Kind == "procedure" && r.Version > 1)
            .Select(r => (Now: r.Str("onlineLevel"), Before: year.Records.First(x => x.Kind == "procedure" && x.Id == r.Id).Str("onlineLevel")))
            .ToList();

        Assert.Contains(improved, p => p.Before != p.Now);
    }

    [Fact]
    public void A_unit_is_renamed_in_a_later_version()
    {
        var renamed = year.Records.Single(r => r.Kind == "unit" && r.Id == "dien-ban-dien-minh" && r.Version == 2);

        Assert.Equal("UBND phường Điện Minh", renamed.Str("name"));
        Assert.Equal(new DateOnly(2023, 10, 1), DateOnly.FromDateTime(renamed.ChangedAt.DateTime));
    }

    [Fact]
    public void A_year_at_the_province_volume_is_about_two_million_records()
    {
        // How fast it is generated is the bench's to measure (serviceindex bench --only score), not a unit test's.
        var history = Histories.Generate(new SimulatorOptions { RecordFaults = RecordFaultOptions.None });

        Assert.InRange(history.Count, 1_800_000, 3_000_000);
    }

    [Fact]
    public void History_never_passes_now()
    {
        var now = new DateTimeOffset(2023, 5, 10, 12, 0, 0, Histories.Vietnam);
        var history = SimulatorHistory.Generate(Histories.Small(), new FakeTimeProvider(now));

        var records = Histories.Records(Histories.Lines(history));

        Assert.Equal(now, history.End);
        Assert.All(records, r => Assert.True(r.ChangedAt <= now));
    }

    [Fact]
    public async Task Writing_a_file_gives_the_same_lines_as_a_stream()
    {
        var options = Histories.Small(5_000) with { To = new DateOnly(2023, 4, 10) };
        var path = Path.Combine(Path.GetTempPath(), $"simulator-{Guid.NewGuid():N}.jsonl");
        try
        {
            await SimulatorHistory.WriteJsonLinesAsync(path, options);

            Assert.Equal(Histories.Bytes(options), await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
