using System.Globalization;
using System.Text.Json.Nodes;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>A generated history: the feed items in delivery order, the ones that are valid, and "now".</summary>
public sealed record GeneratedFeed(IReadOnlyList<string> Items, IReadOnlyList<ChangeRecord> Valid, int Malformed, DateTimeOffset Now)
{
    /// <summary>The newest version of every record (what the ledger must hold).</summary>
    public IReadOnlyDictionary<RecordKey, ChangeRecord> Newest =>
        Valid.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Version)!);
}

/// <summary>
/// A small deterministic procedure-system history: a province with agencies, districts and communes
/// (one moves, one is renamed), procedures (one changes, one is withdrawn), dossiers with several
/// versions (some change unit, some are deleted, some stay open), feedback; delivered roughly in
/// time order with duplicates, out-of-order versions and about 1% malformed items.
/// </summary>
public static class RecordGenerator
{
    public static readonly DateTimeOffset DefaultNow = new(2024, 4, 10, 12, 0, 0, VietnamTime.Offset);

    private static readonly string[] Agencies = ["qna-stnmt", "qna-sgtvt"];
    private static readonly string[] Districts = ["qna-dl", "qna-ts", "qna-tk"];
    private static readonly string[] Fields = ["dat-dai", "ho-tich", "dau-tu", "xay-dung"];
    private static readonly string[] Ratings = ["very-satisfied", "satisfied", "neutral", "dissatisfied"];

    public static GeneratedFeed Generate(int seed = 1, int dossiers = 400, int feedback = 50, double malformedRate = 0.01,
        DateOnly? from = null, DateOnly? to = null, DateTimeOffset? now = null)
    {
        var rng = new Random(seed);
        var start = VietnamTime.StartOf(from ?? new DateOnly(2023, 10, 1));
        var end = VietnamTime.StartOf((to ?? new DateOnly(2024, 3, 31)).AddDays(1));
        var at = now ?? DefaultNow;
        var latest = at.AddHours(-1);
        var events = new List<(DateTimeOffset At, string Id, JsonObject Item)>();
        var catalogueTime = start.AddDays(-30);

        // Hierarchy.
        var communes = Districts.SelectMany(d => new[] { $"{d}-01", $"{d}-02" }).ToArray();
        events.Add((catalogueTime, "qna", Unit("qna", 1, catalogueTime, "Tỉnh Quảng Nam", "province", null, false)));
        foreach (var a in Agencies)
        {
            events.Add((catalogueTime, a, Unit(a, 1, catalogueTime, $"Sở {a}", "agency", "qna", false)));
        }

        foreach (var d in Districts)
        {
            events.Add((catalogueTime, d, Unit(d, 1, catalogueTime, $"UBND huyện {d}", "district", "qna", false)));
        }

        for (var i = 0; i < communes.Length; i++)
        {
            var parent = communes[i][..^3];
            events.Add((catalogueTime, communes[i], Unit(communes[i], 1, catalogueTime, $"UBND xã {communes[i]}", "commune", parent, i % 2 == 0)));
        }

        var moved = start.AddDays(100);
        events.Add((moved, "qna-tk-02", Unit("qna-tk-02", 2, moved, "UBND xã qna-tk-02", "commune", "qna-ts", true)));
        events.Add((moved.AddDays(3), "qna-sgtvt", Unit("qna-sgtvt", 2, moved.AddDays(3), "Sở Giao thông vận tải", "agency", "qna", false)));

        // Catalogue.
        var handlers = Agencies.Concat(Districts).Concat(communes).ToArray();
        var procedures = new List<(string Id, string[] Units)>();
        for (var p = 1; p <= 8; p++)
        {
            var id = $"p{p:D2}";
            var units = handlers.Where(_ => rng.NextDouble() < 0.5).DefaultIfEmpty(handlers[p % handlers.Length]).ToArray();
            procedures.Add((id, units));
            events.Add((catalogueTime, id, Procedure(rng, id, 1, catalogueTime, units, deleted: false)));
        }

        events.Add((moved.AddDays(10), "p03", Procedure(rng, "p03", 2, moved.AddDays(10), procedures[2].Units, deleted: false)));
        events.Add((moved.AddDays(12), "p08", Procedure(rng, "p08", 2, moved.AddDays(12), procedures[7].Units, deleted: true)));

        // Dossiers.
        var span = (end - start).TotalSeconds;
        for (var n = 0; n < dossiers; n++)
        {
            var unit = rng.NextDouble() < 0.01 ? "qna-unknown" : handlers[rng.Next(handlers.Length)];
            var assigned = procedures.Where(p => p.Units.Contains(unit)).Select(p => p.Id).ToList();
            var procedure = assigned.Count > 0 && rng.NextDouble() < 0.9 ? assigned[rng.Next(assigned.Count)] : procedures[rng.Next(procedures.Count)].Id;
            var received = start.AddSeconds(Math.Floor(rng.NextDouble() * span));
            var due = rng.NextDouble() < 0.1 ? (DateTimeOffset?)null : received.AddDays(rng.Next(3, 16)).AddHours(rng.Next(0, 9));
            var id = $"H47.{unit}-{n:D5}";
            var state = new DossierState(id, $"{unit.ToUpperInvariant()}-{n:D5}", unit, procedure, rng.NextDouble() < 0.45 ? "online" : rng.NextDouble() < 0.9 ? "direct" : "postal",
                received, due, rng.NextDouble() < 0.5);
            var version = 0;
            void Emit(DateTimeOffset t, bool deleted = false) => events.Add((t, id, Dossier(state, ++version, t, deleted, rng)));

            Emit(received);
            if (rng.NextDouble() < 0.5)
            {
                state.Synced = true;
                state.Components = rng.NextDouble() < 0.8;
                state.Reused = rng.NextDouble() < 0.3;
                state.Population = rng.NextDouble() < 0.4;
                Emit(received.AddHours(rng.Next(1, 30)));
            }

            if (rng.NextDouble() < 0.03)
            {
                state.UnitId = handlers[rng.Next(handlers.Length)];
                Emit(received.AddHours(rng.Next(31, 60)));
            }

            // Supplement requests (portal rule 2.1): suspended while the applicant supplies documents, then handled again.
            var resumedBy = received;
            for (var k = 0; k < 2 && rng.NextDouble() < (k == 0 ? 0.2 : 0.3) && state.Supplements.All(x => x.Resumed is not null); k++)
            {
                var requested = resumedBy.AddDays(rng.Next(0, 6)).AddHours(rng.Next(1, 9));
                if (requested > latest)
                {
                    break;
                }

                state.Status = "suspended";
                state.Supplements.Add(new SupplementState(requested));
                Emit(requested);
                var resumed = requested.AddDays(rng.Next(0, 5)).AddHours(rng.Next(0, 9));
                if (rng.NextDouble() < 0.8 && resumed <= latest)
                {
                    state.Status = "processing";
                    state.Supplements[^1].Resumed = resumed;
                    resumedBy = resumed;
                    Emit(resumed);
                }
            }

            var outcome = rng.NextDouble();
            var completedAt = resumedBy.AddDays(rng.Next(0, 25)).AddHours(rng.Next(2, 12));
            if (state.Supplements.Any(x => x.Resumed is null))
            {
                outcome = 1; // still waiting for the applicant
            }

            if (outcome < 0.80 && completedAt <= latest)
            {
                state.Status = rng.NextDouble() < 0.9 ? "completed" : "rejected";
                state.CompletedAt = completedAt;
                state.ResultDigitized = rng.NextDouble() < 0.6;
                state.PaidOnline = state.FeeRequired && rng.NextDouble() < 0.5;
                state.Linked = rng.NextDouble() < 0.3;
                state.Rating = rng.NextDouble() < 0.3 ? Ratings[rng.Next(Ratings.Length)] : null;
                Emit(completedAt);
            }
            else if (outcome < 0.85)
            {
                var withdrawn = received.AddDays(1);
                if (withdrawn <= latest)
                {
                    state.Status = "withdrawn";
                    Emit(withdrawn);
                }
            }
            else if (outcome < 0.88)
            {
                var suspended = received.AddHours(50);
                if (suspended <= latest)
                {
                    state.Status = "suspended";
                    Emit(suspended);
                }
            }

            if (rng.NextDouble() < 0.02)
            {
                var t = events[^1].At.AddHours(3);
                if (t <= latest)
                {
                    Emit(t, deleted: true);
                }
            }
        }

        // Feedback.
        for (var n = 0; n < feedback; n++)
        {
            var unit = handlers[rng.Next(handlers.Length)];
            var received = start.AddSeconds(Math.Floor(rng.NextDouble() * span));
            var due = received.AddDays(rng.Next(5, 16));
            var id = $"PAKN-{n:D4}";
            events.Add((received, id, Feedback(id, 1, received, unit, received, due, null, null)));
            var resolved = received.AddDays(rng.Next(1, 21));
            if (rng.NextDouble() < 0.75 && resolved <= latest)
            {
                events.Add((resolved, id, Feedback(id, 2, resolved, unit, received, due, resolved,
                    rng.NextDouble() < 0.5 ? Ratings[rng.Next(Ratings.Length)] : null)));
            }
        }

        // Delivery: time order, then out-of-order swaps, duplicates and malformed items.
        var ordered = events.OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Item.ToJsonString()).ToList();
        for (var i = 0; i < ordered.Count - 1; i++)
        {
            if (rng.NextDouble() < 0.05)
            {
                var j = Math.Min(ordered.Count - 1, i + rng.Next(1, 11));
                (ordered[i], ordered[j]) = (ordered[j], ordered[i]);
            }
        }

        var items = new List<string>(ordered.Count + (ordered.Count / 10));
        var redeliveries = new List<(int At, string Item)>();
        var malformed = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            items.Add(ordered[i]);
            if (rng.NextDouble() < 0.03)
            {
                redeliveries.Add((i + rng.Next(0, 200), ordered[i])); // at least once: delivered again later
            }

            foreach (var again in redeliveries.Where(r => r.At == i).ToList())
            {
                items.Add(again.Item);
                redeliveries.Remove(again);
            }

            if (rng.NextDouble() < malformedRate)
            {
                items.Add(Malformed(rng, malformed++, start));
            }
        }

        items.AddRange(redeliveries.Select(r => r.Item));
        var valid = items.Select(i => ChangeRecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(i)).Record).OfType<ChangeRecord>().ToList();
        if (items.Count - valid.Count != malformed)
        {
            throw new InvalidOperationException($"Generator bug: {items.Count - valid.Count} items invalid, {malformed} meant to be.");
        }

        return new GeneratedFeed(items, valid, malformed, at);
    }

    private sealed class DossierState(string id, string code, string unitId, string procedureId, string channel, DateTimeOffset received, DateTimeOffset? due, bool fee)
    {
        public string Id { get; } = id;
        public string Code { get; } = code;
        public string UnitId { get; set; } = unitId;
        public string ProcedureId { get; } = procedureId;
        public string Channel { get; } = channel;
        public DateTimeOffset Received { get; } = received;
        public DateTimeOffset? Due { get; } = due;
        public bool FeeRequired { get; } = fee;
        public string Status { get; set; } = "processing";
        public DateTimeOffset? CompletedAt { get; set; }
        public bool Synced { get; set; }
        public bool Components { get; set; }
        public bool ResultDigitized { get; set; }
        public bool Reused { get; set; }
        public bool Linked { get; set; }
        public bool Population { get; set; }
        public bool PaidOnline { get; set; }
        public string? Rating { get; set; }
        public bool FeeWaived { get; } = fee && id.Sum(c => c) % 10 == 0; // deterministic, about one in ten
        public List<SupplementState> Supplements { get; } = [];
    }

    private sealed class SupplementState(DateTimeOffset requested)
    {
        public DateTimeOffset Requested { get; } = requested;
        public DateTimeOffset? Resumed { get; set; }
    }

    private static string Time(DateTimeOffset t, Random rng) =>
        rng.NextDouble() < 0.2 ? Rfc3339.Format(t.ToUniversalTime()) : Rfc3339.Format(t.ToOffset(VietnamTime.Offset));

    private static JsonObject Envelope(string kind, string id, int version, DateTimeOffset changedAt, bool deleted, JsonObject data) => new()
    {
        ["kind"] = kind,
        ["id"] = id,
        ["version"] = version,
        ["changedAt"] = Rfc3339.Format(changedAt),
        ["deleted"] = deleted,
        ["data"] = data,
    };

    private static JsonObject Unit(string id, int version, DateTimeOffset at, string name, string level, string? parent, bool eCopy) =>
        Envelope("unit", id, version, at, false, new JsonObject
        {
            ["name"] = name, ["level"] = level, ["parentId"] = parent, ["eCertifiedCopy"] = eCopy,
        });

    private static JsonObject Procedure(Random rng, string id, int version, DateTimeOffset at, string[] units, bool deleted)
    {
        var fee = rng.NextDouble() < 0.6;
        return Envelope("procedure", id, version, at, deleted, new JsonObject
        {
            ["name"] = $"Thủ tục {id}",
            ["field"] = Fields[rng.Next(Fields.Length)],
            ["unitIds"] = new JsonArray([.. units.Select(u => (JsonNode)JsonValue.Create(u))]),
            ["announcedOnTime"] = rng.NextDouble() < 0.7,
            ["publishedOnTime"] = rng.NextDouble() < 0.6,
            ["publishedComplete"] = rng.NextDouble() < 0.8,
            ["onlineLevel"] = new[] { "full", "partial", "none" }[rng.Next(3)],
            ["feeRequired"] = fee,
            ["onlinePaymentEnabled"] = fee && rng.NextDouble() < 0.6,
            ["paperResult"] = rng.NextDouble() < 0.75,
        });
    }

    private static JsonObject Dossier(DossierState s, int version, DateTimeOffset at, bool deleted, Random rng) =>
        Envelope("dossier", s.Id, version, at, deleted, new JsonObject
        {
            ["code"] = s.Code,
            ["unitId"] = s.UnitId,
            ["procedureId"] = s.ProcedureId,
            ["channel"] = s.Channel,
            ["receivedAt"] = Time(s.Received, rng),
            ["dueAt"] = s.Due is { } d ? Time(d, rng) : null,
            ["completedAt"] = s.CompletedAt is { } c ? Time(c, rng) : null,
            ["status"] = s.Status,
            ["syncedToNationalPortal"] = s.Synced,
            ["componentsDigitized"] = s.Components,
            ["resultDigitized"] = s.ResultDigitized,
            ["reusedDigitalData"] = s.Reused,
            ["linkedToCitizenStore"] = s.Linked,
            ["usedPopulationData"] = s.Population,
            ["feeRequired"] = s.FeeRequired,
            ["paidOnline"] = s.PaidOnline,
            ["rating"] = s.Rating,
            ["feeWaived"] = s.FeeWaived,
            ["supplements"] = new JsonArray([.. s.Supplements.Select(x => (JsonNode)new JsonObject
            {
                ["requestedAt"] = Time(x.Requested, rng),
                ["resumedAt"] = x.Resumed is { } r ? Time(r, rng) : null,
            })]),
        });

    private static JsonObject Feedback(string id, int version, DateTimeOffset at, string unit, DateTimeOffset received, DateTimeOffset due,
        DateTimeOffset? resolved, string? rating) =>
        Envelope("feedback", id, version, at, false, new JsonObject
        {
            ["unitId"] = unit,
            ["receivedAt"] = Rfc3339.Format(received),
            ["dueAt"] = Rfc3339.Format(due),
            ["resolvedAt"] = resolved is { } r ? Rfc3339.Format(r) : null,
            ["rating"] = rating,
        });

    /// <summary>An item that breaks one rule of the schema (each id is unique, so nothing valid depends on it).</summary>
    private static string Malformed(Random rng, int n, DateTimeOffset start)
    {
        var received = start.AddDays(rng.Next(0, 150));
        var state = new DossierState($"BAD-{n:D4}", $"BAD-{n:D4}", "qna-dl", "p01", "direct", received, received.AddDays(5), false);
        var item = Dossier(state, 1, received, false, rng);
        var data = item["data"]!.AsObject();
        switch (n % 8)
        {
            case 0:
                data.Remove("code");
                break;
            case 1:
                data["status"] = "finished";
                break;
            case 2:
                item["version"] = 0;
                break;
            case 3:
                data["dueAt"] = Rfc3339.Format(received.AddDays(-2));
                break;
            case 4:
                item["kind"] = "invoice";
                break;
            case 5:
                return n % 16 == 5 ? "42" : "\"not a record\"";
            case 6:
                item["changedAt"] = received.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                break;
            default:
                data["unitId"] = 17;
                break;
        }

        return item.ToJsonString();
    }
}
