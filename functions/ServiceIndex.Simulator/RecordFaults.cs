namespace ServiceIndex.Simulator;

/// <summary>How a malformed delivery breaks the rules of feed.md.</summary>
public enum Malformation : byte
{
    /// <summary>Well-formed.</summary>
    None,

    /// <summary>A required field is absent (<c>changedAt</c>, or a required data field).</summary>
    MissingField,

    /// <summary>An enum field has a value outside its set.</summary>
    BadEnum,

    /// <summary>A time is not RFC 3339 with offset.</summary>
    BadTime,

    /// <summary><c>dueAt</c> or <c>completedAt</c> is before <c>receivedAt</c> (dossiers, feedback).</summary>
    TimeBeforeReceipt,

    /// <summary><c>version</c> is 0 or negative.</summary>
    VersionBelowOne,

    /// <summary><c>kind</c> is none of the four kinds.</summary>
    UnknownKind,

    /// <summary>A field has the wrong JSON type (a string version, a string boolean, …).</summary>
    WrongType,

    /// <summary>Not a change-record object: a string or null in a page, a cut-off line in JSON Lines.</summary>
    NotAnObject,

    /// <summary>A dossier's supplement request resumed before it was requested, requested before
    /// <c>receivedAt</c>, or made while the previous one was unanswered.</summary>
    SupplementOutOfOrder,
}

/// <summary>What kind of fault a delivery is.</summary>
public enum FaultKind
{
    /// <summary>An earlier record version delivered again.</summary>
    Duplicate,

    /// <summary>An older version delivered after a newer version of the same record.</summary>
    OutOfOrder,

    /// <summary>A corrupted copy of a record version.</summary>
    Malformed,
}

/// <summary>A fault the generator injected, so tests know exactly what a reader must cope with.</summary>
/// <param name="Position">0-based position in the feed (= line number − 1 in JSON Lines).</param>
/// <param name="Kind">What kind of fault.</param>
/// <param name="Malformation">For <see cref="FaultKind.Malformed"/>: how it is broken.</param>
/// <param name="RecordKind">Kind of the record the delivery is (or was, before corruption).</param>
/// <param name="Id">Id of that record.</param>
/// <param name="Version">Its true version.</param>
public sealed record InjectedFault(
    long Position, FaultKind Kind, Malformation Malformation, string RecordKind, string Id, int Version);

/// <summary>
/// Adds deliveries to an ordered history: duplicates, held-back older versions and corrupted
/// copies. It never drops or alters a well-formed delivery, so the well-formed stream still
/// carries every version. Draws from its own random stream: the rates do not change the history.
/// </summary>
internal static class RecordFaultInjector
{
    // A duplicate re-delivers something from the recent past, as a retried page would.
    private const int DuplicateWindow = 1_000;

    private static readonly Malformation[] AnyKind =
    [
        Malformation.MissingField, Malformation.BadEnum, Malformation.BadTime, Malformation.VersionBelowOne,
        Malformation.UnknownKind, Malformation.WrongType, Malformation.NotAnObject,
    ];

    private static readonly Malformation[] WithReceipt = [.. AnyKind, Malformation.TimeBeforeReceipt];

    private static readonly Malformation[] ForDossiers = [.. WithReceipt, Malformation.SupplementOutOfOrder];

    public static List<FeedEntry> Apply(
        List<FeedEntry> ordered, World world, RecordFaultOptions options, Random random, List<InjectedFault> report)
    {
        if (options.DuplicateRate == 0 && options.OutOfOrderRate == 0 && options.MalformedRate == 0)
        {
            return ordered;
        }

        var hasNewer = HasNewerVersion(ordered, world);
        var held = new Dictionary<(RecordKind, int), FeedEntry>();
        var output = new List<FeedEntry>((int)(ordered.Count * (1.01 + options.DuplicateRate + options.MalformedRate)));
        for (var i = 0; i < ordered.Count; i++)
        {
            var entry = ordered[i];
            var key = (entry.Kind, entry.Subject);
            if (hasNewer[i] && !held.ContainsKey(key) && random.Chance(options.OutOfOrderRate))
            {
                held[key] = entry;
                continue;
            }

            output.Add(entry);
            if (held.Remove(key, out var older))
            {
                Report(FaultKind.OutOfOrder, older);
                output.Add(older);
            }

            if (random.Chance(options.DuplicateRate))
            {
                var earlier = output[output.Count - 1 - random.Next(Math.Min(output.Count, DuplicateWindow))];
                if (earlier.Malformation == Malformation.None)
                {
                    Report(FaultKind.Duplicate, earlier);
                    output.Add(earlier);
                }
            }

            if (random.Chance(options.MalformedRate))
            {
                var choices = entry.Kind switch
                {
                    RecordKind.Dossier => ForDossiers,
                    RecordKind.Feedback => WithReceipt,
                    _ => AnyKind,
                };
                var corrupted = entry with { Malformation = choices[random.Next(choices.Length)] };
                Report(FaultKind.Malformed, corrupted);
                output.Add(corrupted);
            }
        }

        return output;

        void Report(FaultKind kind, FeedEntry entry)
        {
            var (recordKind, id) = ChangeRecordWriter.Describe(world, entry);
            report.Add(new InjectedFault(output.Count, kind, entry.Malformation, recordKind, id, entry.Version));
        }
    }

    /// <summary>For each delivery: whether a newer version of the same dossier or feedback follows
    /// (only those can be held back behind it).</summary>
    private static bool[] HasNewerVersion(List<FeedEntry> ordered, World world)
    {
        var result = new bool[ordered.Count];
        var seenDossier = new bool[world.Dossiers.Count];
        var seenFeedback = new bool[world.Feedback.Count];
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            var entry = ordered[i];
            var seen = entry.Kind switch
            {
                RecordKind.Dossier => seenDossier,
                RecordKind.Feedback => seenFeedback,
                _ => null,
            };
            if (seen is not null)
            {
                result[i] = seen[entry.Subject];
                seen[entry.Subject] = true;
            }
        }

        return result;
    }
}
