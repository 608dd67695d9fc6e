namespace ServiceIndex.Simulator;

/// <summary>One dossier state to push, with its untidiness.</summary>
internal readonly record struct PushItem(FeedEntry Entry, SyncQuirks Quirks, bool IsUpdating);

/// <summary>
/// Which dossier states the sync module pushes, in which order and how untidily. The states are the feed's dossier
/// versions, each once and oldest first (the feed's injected duplicate, held-back and malformed deliveries are left
/// to the feed; the push has its own untidiness), except a rating (the format cannot carry it) and the dossiers
/// withdrawn from the system as entered by mistake (the format cannot delete: they are never pushed). Every choice
/// is a hash of the seed and the unit, dossier or state, so the same seed plans the same pushes however the
/// history is sliced.
/// </summary>
internal sealed class PushPlan
{
    private readonly World _world;
    private readonly PushUntidinessOptions _untidiness;
    private readonly ulong _seed;
    private readonly HashSet<int> _deleted;
    private readonly Dictionary<int, ushort> _pushedVersion = [];

    public PushPlan(World world, IReadOnlyList<FeedEntry> history)
    {
        _world = world;
        _untidiness = world.Options.PushUntidiness;
        _seed = (ulong)(uint)world.Options.Seed;
        _deleted = [.. history.Where(e => e.Kind == RecordKind.Dossier && e.Deleted && e.Malformation == Malformation.None).Select(e => e.Subject)];
    }

    /// <summary>Whether a unit's vendor sends 5, 6 and 8 as 9.</summary>
    public bool IsNineVendor(int unit) => Draw(1, (ulong)unit, 0) < _untidiness.NineVendorUnitShare;

    /// <summary>Whether a delivery is a dossier state the module pushes (and has not pushed yet); remembers it.</summary>
    public bool Takes(FeedEntry entry)
    {
        if (entry.Kind != RecordKind.Dossier || entry.Malformation != Malformation.None || entry.Deleted ||
            _deleted.Contains(entry.Subject) || (DossierStage)entry.Stage == DossierStage.Rated)
        {
            return false;
        }

        if (_pushedVersion.TryGetValue(entry.Subject, out var version) && version >= entry.Version)
        {
            return false;
        }

        _pushedVersion[entry.Subject] = entry.Version;
        return true;
    }

    /// <summary>The pushes of deliveries <paramref name="start"/>…<paramref name="end"/>−1, reordered where drawn.</summary>
    public List<PushItem> Plan(IReadOnlyList<FeedEntry> entries, int start, int end)
    {
        var items = new List<PushItem>();
        for (var i = start; i < end; i++)
        {
            var entry = entries[i];
            if (Takes(entry))
            {
                items.Add(new PushItem(entry, Quirks(entry), (DossierStage)entry.Stage != DossierStage.Received));
            }
        }

        // An older state held back and sent right after the dossier's next state, when that is in the same plan.
        var next = new Dictionary<int, int>();
        var later = new int[items.Count];
        for (var i = items.Count - 1; i >= 0; i--)
        {
            later[i] = next.TryGetValue(items[i].Entry.Subject, out var j) ? j : -1;
            next[items[i].Entry.Subject] = i;
        }

        var held = new Dictionary<int, List<PushItem>>();
        var ordered = new List<PushItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (later[i] >= 0 && Draw(4, (ulong)item.Entry.Subject, item.Entry.Stage) < _untidiness.ReorderRate)
            {
                var list = held.TryGetValue(later[i], out var l) ? l : held[later[i]] = [];
                list.Add(item);
                if (held.Remove(i, out var behind))
                {
                    list.AddRange(behind);
                }

                continue;
            }

            ordered.Add(item);
            if (held.Remove(i, out var waiting))
            {
                ordered.AddRange(waiting);
            }
        }

        return ordered;
    }

    /// <summary>Whether a call is sent twice (the sender retried it: no answer seen, or a timeout).</summary>
    public bool Retried(PushItem first) => Draw(5, (ulong)first.Entry.Subject, first.Entry.Stage) < _untidiness.RetryRate;

    private SyncQuirks Quirks(FeedEntry entry)
    {
        var facts = _world.Dossiers[entry.Subject];
        var noChannel = Draw(2, (ulong)entry.Subject, 0) < _untidiness.MissingChannelRate &&
                        (_untidiness.Lossy || facts.Channel == Channel.Direct);
        return new SyncQuirks(IsNineVendor(facts.Unit), noChannel);
    }

    /// <summary>A uniform draw in [0, 1) from the seed, a purpose and a subject (SplitMix64 finaliser).</summary>
    private double Draw(ulong purpose, ulong subject, ulong stage)
    {
        var z = _seed * 0x9E3779B97F4A7C15UL ^ (purpose << 56) ^ (subject << 8) ^ stage;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
