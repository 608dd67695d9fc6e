using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>
/// A second, deliberately naive implementation of index-766.md, written from the text and not
/// from the production code: for each unit it collects the records of its subtree and counts
/// every numerator and denominator directly, with its own period and time arithmetic. Property
/// tests hold the production scorer to it.
/// </summary>
internal static class Oracle
{
    private static readonly Dictionary<string, (decimal Max, decimal Thr)> Rules = new()
    {
        ["T1"] = (6, 1), ["T2"] = (4, 1), ["T3"] = (2, 1), ["T4"] = (6, 1), ["P1"] = (20, 1),
        ["O1"] = (2, 0.8m), ["O2"] = (4, 1), ["O3"] = (6, 0.5m), ["M1"] = (6, 1), ["M2"] = (2, 0.8m), ["M3"] = (2, 0.8m),
        ["D1"] = (6, 1), ["D2"] = (4, 0.8m), ["D3"] = (2, 1), ["D4"] = (2, 0.8m), ["D5"] = (4, 1), ["D6"] = (2, 1), ["D7"] = (2, 1),
        ["S1"] = (6, 1), ["S2"] = (6, 1), ["S3"] = (6, 0.9m),
    };

    public sealed record Result(Dictionary<string, (decimal Points, long Num, long Den)> Indicators)
    {
        public decimal Total => Indicators.Values.Sum(i => i.Points);
    }

    /// <summary>Scores of every live unit. <paramref name="from"/>/<paramref name="to"/> are inclusive Vietnamese days.</summary>
    public static Dictionary<string, Result> Score(IEnumerable<ChangeRecord> feed, DateOnly from, DateOnly to, DateTimeOffset asOf)
    {
        // Newest version of each record; deleted ones do not count.
        var newest = new Dictionary<(RecordKind, string), ChangeRecord>();
        foreach (var r in feed)
        {
            if (!newest.TryGetValue((r.Kind, r.Id), out var held) || r.Version > held.Version)
            {
                newest[(r.Kind, r.Id)] = r;
            }
        }

        var live = newest.Values.Where(r => !r.Deleted).ToList();
        var units = live.Where(r => r.Kind == RecordKind.Unit).ToDictionary(r => r.Id, r => (UnitData)r.Data);
        var procedures = live.Where(r => r.Kind == RecordKind.Procedure).ToDictionary(r => r.Id, r => (ProcedureData)r.Data);
        var dossiers = live.Where(r => r.Kind == RecordKind.Dossier).Select(r => (DossierData)r.Data).ToList();
        var feedback = live.Where(r => r.Kind == RecordKind.Feedback).Select(r => (FeedbackData)r.Data).ToList();

        var lastSecond = new DateTimeOffset(to.Year, to.Month, to.Day, 23, 59, 59, TimeSpan.FromHours(7));
        var e = asOf < lastSecond ? asOf : lastSecond;
        DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime.AddHours(7));
        bool InPeriod(DateTimeOffset t) => Day(t) >= from && Day(t) <= to;

        var result = new Dictionary<string, Result>();
        foreach (var unitId in units.Keys)
        {
            var subtree = Subtree(unitId, units);
            var assignments = procedures
                .SelectMany(p => p.Value.UnitIds.Distinct().Where(u => subtree.Contains(u) && units.ContainsKey(u)).Select(u => (Proc: p.Key, P: p.Value, Unit: u)))
                .ToList();
            var mine = dossiers.Where(d => subtree.Contains(d.UnitId)).ToList();

            bool Counted(DossierData d) => d.Status != DossierStatus.Withdrawn && d.ReceivedAt <= e;
            bool Received(DossierData d) => Counted(d) && InPeriod(d.ReceivedAt);
            bool HandledByE(DossierData d) => Counted(d) && (d.Status == DossierStatus.Completed || d.Status == DossierStatus.Rejected) && d.CompletedAt != null && d.CompletedAt <= e;
            bool HandledIn(DossierData d) => HandledByE(d) && InPeriod(d.CompletedAt!.Value);

            // Supplement requests (portal rule 2.1), read from the text of index-766.md.
            List<Supplement> Requests(DossierData d) => d.Supplements.Where(s => s.RequestedAt <= e).OrderBy(s => s.RequestedAt).ToList();
            TimeSpan WaitingBy(DossierData d, DateTimeOffset t) =>
                d.Supplements.Where(s => s.ResumedAt != null && s.ResumedAt <= t).Aggregate(TimeSpan.Zero, (sum, s) => sum + (s.ResumedAt!.Value - s.RequestedAt));
            bool Awaiting(DossierData d) => Counted(d) && !HandledByE(d) && Requests(d).LastOrDefault() is { } last && (last.ResumedAt == null || last.ResumedAt > e);
            bool Open(DossierData d) => Counted(d) && !HandledByE(d) && !Awaiting(d) &&
                (d.Status == DossierStatus.Processing || d.Status == DossierStatus.Completed || d.Status == DossierStatus.Rejected ||
                 (d.Status == DossierStatus.Suspended && d.Supplements.Any(s => s.RequestedAt > e)));
            DateTimeOffset EffectiveEnd(DossierData d) => HandledByE(d) ? d.CompletedAt!.Value - WaitingBy(d, d.CompletedAt!.Value)
                : Open(d) ? e - WaitingBy(d, e) : Requests(d).Last().RequestedAt;
            bool OnTime(DossierData d) => HandledByE(d) && (d.DueAt == null || EffectiveEnd(d) <= d.DueAt);
            bool Within(DossierData d) => Open(d) && (d.DueAt == null || EffectiveEnd(d) <= d.DueAt);
            bool AwaitingOnTime(DossierData d) => Awaiting(d) && Requests(d).Count == 1 && (d.DueAt == null || Requests(d)[0].RequestedAt <= d.DueAt);
            bool Overdue(DossierData d) => (HandledByE(d) && !OnTime(d)) || (Open(d) && !Within(d)) || (Awaiting(d) && !AwaitingOnTime(d));
            bool Scope(DossierData d) => HandledIn(d) || Open(d) || Awaiting(d);
            bool Paper(DossierData d) => !procedures.TryGetValue(d.ProcedureId, out var p) || p.PaperResult;
            bool Has(string proc, string unit, Func<DossierData, bool> x) => mine.Any(d => d.ProcedureId == proc && d.UnitId == unit && Received(d) && x(d));

            var received = mine.Where(Received).ToList();
            var handled = mine.Where(HandledIn).ToList();
            var scope = mine.Where(Scope).ToList();
            var fb = feedback.Where(f => subtree.Contains(f.UnitId) && f.ReceivedAt <= e && InPeriod(f.ReceivedAt)).ToList();
            bool FbResolved(FeedbackData f) => f.ResolvedAt != null && f.ResolvedAt <= e;
            bool FbOnTime(FeedbackData f) => FbResolved(f) && f.ResolvedAt <= f.DueAt;
            bool FbWithin(FeedbackData f) => !FbResolved(f) && f.DueAt >= e;
            bool FbOverdue(FeedbackData f) => (FbResolved(f) && f.ResolvedAt > f.DueAt) || (!FbResolved(f) && f.DueAt < e);
            var online = assignments.Where(a => a.P.OnlineLevel != OnlineLevel.None).ToList();
            var fee = assignments.Where(a => a.P.FeeRequired).ToList();
            var communes = subtree.Where(u => units[u].Level == UnitLevel.Commune).ToList();
            var feeDossiers = received.Where(d => d.FeeRequired && !d.FeeWaived).ToList();
            var paperHandled = handled.Where(Paper).ToList();
            var t4 = received.Count == 0 ? 1m : (decimal)received.Count(d => d.SyncedToNationalPortal) / received.Count;

            var ind = new Dictionary<string, (decimal, long, long)>
            {
                ["T1"] = P("T1", assignments.Count(a => a.P.AnnouncedOnTime), assignments.Count),
                ["T2"] = P("T2", assignments.Count(a => a.P.PublishedOnTime), assignments.Count),
                ["T3"] = P("T3", assignments.Count(a => a.P.PublishedComplete), assignments.Count),
                ["T4"] = P("T4", received.Count(d => d.SyncedToNationalPortal), received.Count),
                ["P1"] = P("P1", scope.Count(d => OnTime(d) || Within(d) || AwaitingOnTime(d)), scope.Count),
                ["O1"] = P("O1", online.Count, assignments.Count),
                ["O2"] = P("O2", online.Count(a => Has(a.Proc, a.Unit, d => d.Channel == Channel.Online)), online.Count),
                ["O3"] = P("O3", received.Count(d => d.Channel == Channel.Online), received.Count, t4),
                ["M1"] = P("M1", feeDossiers.Count(d => d.PaidOnline), feeDossiers.Count),
                ["M2"] = P("M2", fee.Count(a => Has(a.Proc, a.Unit, d => d.PaidOnline)), fee.Count),
                ["M3"] = P("M3", fee.Count(a => a.P.OnlinePaymentEnabled), fee.Count),
                ["D1"] = P("D1", paperHandled.Count(d => d.ResultDigitized), paperHandled.Count),
                ["D2"] = P("D2", received.Count(d => d.ComponentsDigitized && (!Paper(d) || d.ResultDigitized)), received.Count),
                ["D3"] = P("D3", communes.Count(u => units[u].ECertifiedCopy), communes.Count),
                ["D4"] = P("D4", received.Count(d => d.ReusedDigitalData), received.Count),
                ["D5"] = P("D5", received.Count(d => d.LinkedToCitizenStore), received.Count),
                ["D6"] = P("D6", received.Count(d => d.UsedPopulationData), received.Count),
                ["D7"] = P("D7", assignments.Count(a => Has(a.Proc, a.Unit, d => d.UsedPopulationData)), assignments.Count),
                ["S1"] = P("S1", fb.Count(f => FbOnTime(f) || FbWithin(f)), fb.Count),
                ["S2"] = P("S2", fb.Count(f => f.Rating != Rating.Dissatisfied && !FbOverdue(f)), fb.Count),
                ["S3"] = P("S3", handled.Count(d => d.Rating != Rating.Dissatisfied && !Overdue(d)), handled.Count),
            };
            result[unitId] = new Result(ind);
        }

        return result;
    }

    private static (decimal, long, long) P(string code, long num, long den, decimal factor = 1m)
    {
        var (max, thr) = Rules[code];
        if (den == 0)
        {
            return (max, num, den);
        }

        var ratio = (decimal)num / den * factor;
        return (max * Math.Min(1m, ratio / thr), num, den);
    }

    private static HashSet<string> Subtree(string root, Dictionary<string, UnitData> units)
    {
        var set = new HashSet<string> { root };
        bool grew;
        do
        {
            grew = false;
            foreach (var (id, u) in units)
            {
                if (!set.Contains(id) && u.ParentId is { } p && set.Contains(p) && !IsAncestor(id, root, units))
                {
                    set.Add(id);
                    grew = true;
                }
            }
        }
        while (grew);
        return set;
    }

    private static bool IsAncestor(string candidate, string of, Dictionary<string, UnitData> units)
    {
        var seen = new HashSet<string>();
        for (var cur = units[of].ParentId; cur != null && units.ContainsKey(cur) && seen.Add(cur); cur = units[cur].ParentId)
        {
            if (cur == candidate)
            {
                return true;
            }
        }

        return false;
    }
}
