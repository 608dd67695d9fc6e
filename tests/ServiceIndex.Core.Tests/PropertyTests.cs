using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>Invariants of the scoring core, checked on random provinces and random deliveries.</summary>
public sealed class PropertyTests
{
    private static Arbitrary<(int Seed, int Delivery, int PeriodIndex, int AsOfHours)> Cases() =>
        (from seed in Gen.Choose(0, int.MaxValue - 1)
         from delivery in Gen.Choose(0, int.MaxValue - 1)
         from period in Gen.Choose(0, RandomProvince.Periods.Length - 1)
         from asOf in Gen.Choose(0, 200 * 24)
         select (seed, delivery, period, asOf)).ToArbitrary();

    private static PeriodScoreBook Book(IEnumerable<ChangeRecord> feed, Period period, DateTimeOffset asOf)
    {
        var book = new PeriodScoreBook(period, asOf);
        foreach (var r in feed)
        {
            book.Apply(r);
        }

        return book;
    }

    private static IEnumerable<(string Unit, string Code, decimal Points, long Num, long Den)> Flatten(PeriodScoreBook book) =>
        book.Score().SelectMany(s => s.Indicators.Select(i => (s.Unit.Id, i.Code, i.Points, i.Numerator, i.Denominator)))
            .OrderBy(x => x.Id, StringComparer.Ordinal).ThenBy(x => x.Code, StringComparer.Ordinal);

    [Property(MaxTest = 150)]
    public Property Applying_the_feed_in_any_order_with_duplicates_gives_the_same_scores() =>
        Prop.ForAll(Cases(), c =>
        {
            var feed = RandomProvince.Generate(c.Seed);
            var period = Period.Parse(RandomProvince.Periods[c.PeriodIndex]);
            var asOf = RandomProvince.Start.AddHours(c.AsOfHours);
            return Flatten(Book(feed, period, asOf)).SequenceEqual(Flatten(Book(RandomProvince.Redeliver(feed, c.Delivery), period, asOf)));
        });

    [Property(MaxTest = 150)]
    public Property Incremental_application_equals_a_full_recompute_from_the_live_records() =>
        Prop.ForAll(Cases(), c =>
        {
            var feed = RandomProvince.Redeliver(RandomProvince.Generate(c.Seed), c.Delivery);
            var book = Book(feed, Period.Parse(RandomProvince.Periods[c.PeriodIndex]), RandomProvince.Start.AddHours(c.AsOfHours));
            return book.MatchesRecompute();
        });

    [Property(MaxTest = 150)]
    public Property Scores_equal_an_independent_literal_reading_of_index_766() =>
        Prop.ForAll(Cases(), c =>
        {
            var feed = RandomProvince.Redeliver(RandomProvince.Generate(c.Seed), c.Delivery);
            var period = Period.Parse(RandomProvince.Periods[c.PeriodIndex]);
            var asOf = RandomProvince.Start.AddHours(c.AsOfHours);
            var expected = Oracle.Score(feed, period.From, period.To, asOf);
            var actual = Book(feed, period, asOf).Score();
            return actual.Count == expected.Count && actual.All(s =>
                s.Indicators.All(i =>
                {
                    var o = expected[s.Unit.Id].Indicators[i.Code];
                    return o.Num == i.Numerator && o.Den == i.Denominator && Math.Abs(o.Points - i.Points) < 0.0000001m;
                }) && Math.Abs(expected[s.Unit.Id].Total - s.Total) < 0.000001m);
        });

    [Property(MaxTest = 100)]
    public Property A_parents_counters_equal_those_of_the_union_of_its_childrens_records_and_its_own() =>
        Prop.ForAll(Cases(), c =>
        {
            var feed = RandomProvince.Generate(c.Seed);
            var period = Period.Parse(RandomProvince.Periods[c.PeriodIndex]);
            var asOf = RandomProvince.Start.AddHours(c.AsOfHours);
            var book = Book(feed, period, asOf);
            var tree = book.Tree();
            var scores = book.Score().ToDictionary(s => s.Unit.Id);
            return tree.Units.All(parent =>
            {
                // Re-home every record of the subtree onto the parent in a one-unit world, then score it alone.
                var subtree = tree.Subtree(parent.Id).ToHashSet(StringComparer.Ordinal);
                var flat = new PeriodScoreBook(period, asOf);
                flat.Apply(Build.Unit(parent.Id, parent.Level, null));
                foreach (var r in book.State.Live)
                {
                    var moved = r.Data switch
                    {
                        DossierData d when subtree.Contains(d.UnitId) => r with { Data = d with { UnitId = parent.Id } },
                        FeedbackData f when subtree.Contains(f.UnitId) => r with { Data = f with { UnitId = parent.Id } },
                        _ => null,
                    };
                    if (moved is not null)
                    {
                        flat.Apply(moved);
                    }
                }

                var own = flat.OwnTallyOf(parent.Id) ?? new OwnTally();
                var union = own.Tally.Clone();
                ServiceIndex.Core.Scoring.Indicators.Digitisation.CountProceduresWithoutPaperResult(book.Catalogue(), own.Activity, union);
                var rolled = scores[parent.Id].Tally;
                return Enum.GetValues<Counter>().Where(k => !k.ToString().StartsWith("Assignments", StringComparison.Ordinal) && !k.ToString().StartsWith("Communes", StringComparison.Ordinal))
                    .All(k => union[k] == rolled[k]);
            });
        });

    [Property(MaxTest = 150)]
    public Property The_month_ledger_gives_the_same_counters_as_direct_contributions_for_whole_month_periods() =>
        Prop.ForAll(Cases(), c =>
        {
            var feed = RandomProvince.Redeliver(RandomProvince.Generate(c.Seed), c.Delivery);
            var label = RandomProvince.Periods[c.PeriodIndex];
            var period = Period.Parse(label.Contains("..", StringComparison.Ordinal) ? "2024-04" : label);

            // The ledger assumes the data describe the past: "now" is after every instant in the feed.
            var now = new DateTimeOffset(2024, 12, 1, 0, 0, 0, VietnamTime.Offset).AddHours(-c.AsOfHours % 24);
            var book = Book(feed, period, now);
            var months = new Dictionary<string, Dictionary<DateOnly, MonthTally>>(StringComparer.Ordinal);
            foreach (var r in book.State.Live)
            {
                MonthContribution.Add(r, +1, (unit, month) =>
                {
                    if (!months.TryGetValue(unit, out var m))
                    {
                        months[unit] = m = [];
                    }

                    if (!m.TryGetValue(month, out var tally))
                    {
                        m[month] = tally = new MonthTally();
                    }

                    return tally;
                });
            }

            return months.All(kv =>
            {
                var ledger = LedgerEvaluator.Evaluate(period, book.E, kv.Value);
                var direct = book.OwnTallyOf(kv.Key) ?? new OwnTally();
                return ledger.Tally.Equals(direct.Tally) && ledger.Activity.Count == direct.Activity.Count &&
                       ledger.Activity.All(a => direct.Activity.GetValueOrDefault(a.Key) == a.Value);
            });
        });

    [Property(MaxTest = 100)]
    public Property Month_contributions_of_a_new_version_minus_the_old_leave_exactly_the_new_versions_months() =>
        Prop.ForAll(Cases(), c =>
        {
            var feed = RandomProvince.Generate(c.Seed).Where(r => r.Kind == RecordKind.Dossier).ToList();
            var cells = new Dictionary<(string, DateOnly), MonthTally>();
            MonthTally Cell(string unit, DateOnly month) =>
                cells.TryGetValue((unit, month), out var t) ? t : cells[(unit, month)] = new MonthTally();
            var state = new VersionedState();
            foreach (var r in RandomProvince.Redeliver(feed, c.Delivery))
            {
                if (state.Offer(r, out var old) == VersionOutcome.Accepted)
                {
                    if (old is not null)
                    {
                        MonthContribution.Add(old, -1, Cell);
                    }

                    MonthContribution.Add(r, +1, Cell);
                }
            }

            var fresh = new Dictionary<(string, DateOnly), MonthTally>();
            foreach (var r in state.Live)
            {
                MonthContribution.Add(r, +1, (u, m) => fresh.TryGetValue((u, m), out var t) ? t : fresh[(u, m)] = new MonthTally());
            }

            return cells.Where(kv => !kv.Value.IsZero).All(kv => fresh.TryGetValue(kv.Key, out var f) && f.ContentEquals(kv.Value)) &&
                   fresh.Where(kv => !kv.Value.IsZero).All(kv => cells.TryGetValue(kv.Key, out var t) && t.ContentEquals(kv.Value));
        });

    [Property(MaxTest = 100)]
    public Property A_dossiers_progress_timeline_holds_exactly_when_its_standing_says_so_at_every_instant_of_its_history() =>
        Prop.ForAll(Cases(), c =>
        {
            static bool Holds(Stretch s, DateTimeOffset e) => s.From <= e && (s.Until is not { } u || e < u);
            var dossiers = RandomProvince.Generate(c.Seed).Where(r => r.Data is DossierData).Select(r => (DossierData)r.Data);
            return dossiers.All(d =>
            {
                var timeline = ProgressTimeline.Of(d);
                var instants = new List<DateTimeOffset> { d.ReceivedAt, RandomProvince.Start.AddHours(c.AsOfHours) };
                instants.AddRange(d.Supplements.SelectMany(x => new[] { x.RequestedAt, x.ResumedAt ?? x.RequestedAt }));
                instants.AddRange(new[] { d.DueAt, d.CompletedAt }.OfType<DateTimeOffset>());
                if (d.DueAt is { } due)
                {
                    instants.Add(due + DossierStanding.WaitingTimeBy(d, DateTimeOffset.MaxValue));
                }

                return instants.SelectMany(t => new[] { t.AddTicks(-1), t, t.AddTicks(1) }).All(e =>
                {
                    var s = new DossierStanding(d, e);
                    return (timeline.InFlight is { } f && Holds(f, e)) == (s.OpenAtE || s.AwaitingSupplement) &&
                           timeline.Awaiting.Any(x => Holds(x, e)) == s.AwaitingSupplement &&
                           timeline.AwaitingOverdue.Any(x => Holds(x, e)) == (s.AwaitingSupplement && s.Overdue) &&
                           timeline.OpenOverdue.Any(x => Holds(x, e)) == (s.OpenAtE && s.Overdue);
                });
            });
        });
}
