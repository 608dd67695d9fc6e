using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>
/// A small random province and its change feed, built from a seed: units in three levels,
/// procedures, dossiers and feedback with several versions each, deletions, moves and
/// withdrawn/suspended/rejected statuses, spread over Feb–Jun 2024 so records span period boundaries.
/// </summary>
internal static class RandomProvince
{
    public static readonly DateTimeOffset Start = new(2024, 2, 1, 0, 0, 0, VietnamTime.Offset);

    public static List<ChangeRecord> Generate(int seed, int dossiers = 60, int feedback = 15)
    {
        var rng = new Random(seed);
        var list = new List<ChangeRecord>
        {
            Build.Unit("qna", UnitLevel.Province, null),
            Build.Unit("ag", UnitLevel.Agency, "qna"),
            Build.Unit("d1", UnitLevel.District, "qna"),
            Build.Unit("d2", UnitLevel.District, "qna"),
        };
        string[] communes = ["c1", "c2", "c3", "c4"];
        foreach (var c in communes)
        {
            list.Add(Build.Unit(c, UnitLevel.Commune, rng.Next(2) == 0 ? "d1" : "d2", eCopy: rng.Next(2) == 0));
        }

        if (rng.Next(3) == 0)
        {
            // A commune moves to the other district in a later version.
            list.Add(Build.Unit("c1", UnitLevel.Commune, "d2", version: 2, eCopy: true));
        }

        string[] allUnits = ["qna", "ag", "d1", "d2", .. communes, "ghost"];
        var procedures = new List<string>();
        for (var p = 0; p < 6; p++)
        {
            var id = $"p{p}";
            procedures.Add(id);
            var units = allUnits.Where(_ => rng.Next(3) == 0).ToArray();
            list.Add(Build.Procedure(id, units, online: (OnlineLevel)rng.Next(3), fee: rng.Next(2) == 0, payment: rng.Next(2) == 0,
                announced: rng.Next(4) > 0, published: rng.Next(3) > 0, complete: rng.Next(2) == 0, paper: rng.Next(3) > 0));
        }

        for (var i = 0; i < dossiers; i++)
        {
            var received = Start.AddMinutes(rng.Next(0, 150 * 24 * 60));
            DateTimeOffset? due = rng.Next(6) == 0 ? null : received.AddHours(rng.Next(1, 20 * 24));
            var unit = allUnits[rng.Next(allUnits.Length)];
            var proc = procedures[rng.Next(procedures.Count)];
            var versions = rng.Next(1, 5);
            var supplements = Supplements(rng, received);
            var waived = rng.Next(4) == 0;
            for (var v = 1; v <= versions; v++)
            {
                var status = v < versions ? DossierStatus.Processing : (DossierStatus)rng.Next(5);
                DateTimeOffset? completed = status is DossierStatus.Completed or DossierStatus.Rejected || rng.Next(8) == 0
                    ? received.AddHours(rng.Next(0, 30 * 24)) : null;
                if (rng.Next(10) == 0)
                {
                    unit = allUnits[rng.Next(allUnits.Length)];
                }

                var d = new DossierData($"HS{i}", unit, proc, (Channel)rng.Next(3), received, due, completed, status,
                    rng.Next(2) == 0, rng.Next(2) == 0, rng.Next(2) == 0, rng.Next(2) == 0, rng.Next(2) == 0, rng.Next(2) == 0,
                    rng.Next(2) == 0, rng.Next(2) == 0, rng.Next(3) == 0 ? null : (Rating)rng.Next(4), waived,
                    supplements.Take(v == versions ? supplements.Count : rng.Next(supplements.Count + 1)).ToList());
                list.Add(new ChangeRecord(RecordKind.Dossier, $"hs{i}", v, received.AddHours(v), v == versions && rng.Next(15) == 0, d));
            }
        }

        for (var i = 0; i < feedback; i++)
        {
            var received = Start.AddMinutes(rng.Next(0, 150 * 24 * 60));
            var due = received.AddHours(rng.Next(1, 15 * 24));
            DateTimeOffset? resolved = rng.Next(4) == 0 ? null : received.AddHours(rng.Next(0, 20 * 24));
            var f = new FeedbackData(allUnits[rng.Next(allUnits.Length)], received, due, resolved, rng.Next(3) == 0 ? null : (Rating)rng.Next(4));
            list.Add(new ChangeRecord(RecordKind.Feedback, $"fb{i}", 1, received, false, f));
        }

        return list;
    }

    /// <summary>
    /// Supplement requests of one dossier, as the feed allows them: none for most, one or two (now and then three),
    /// each after receipt and after the previous answer; the last one sometimes still unanswered. Whole hours from
    /// receipt, sometimes on the same instant as the previous answer or with a zero wait.
    /// </summary>
    private static List<Supplement> Supplements(Random rng, DateTimeOffset received)
    {
        var list = new List<Supplement>();
        var count = rng.Next(6) switch { 0 => 1, 1 => 2, 2 when rng.Next(3) == 0 => 3, _ => 0 };
        var at = received;
        for (var k = 0; k < count; k++)
        {
            var requested = at.AddHours(rng.Next(0, 12 * 24));
            DateTimeOffset? resumed = k == count - 1 && rng.Next(4) == 0 ? null : requested.AddHours(rng.Next(0, 8 * 24));
            list.Add(new Supplement(requested, resumed));
            if (resumed is null)
            {
                break;
            }

            at = resumed.Value;
        }

        return list;
    }

    /// <summary>The same feed delivered as the feed may: shuffled, with some versions repeated.</summary>
    public static List<ChangeRecord> Redeliver(List<ChangeRecord> feed, int seed)
    {
        var rng = new Random(seed);
        var copy = feed.Concat(feed.Where(_ => rng.Next(4) == 0)).ToList();
        for (var i = copy.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy;
    }

    public static readonly string[] Periods = ["2024", "2024-Q1", "2024-Q2", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-03-15..2024-04-20"];
}
