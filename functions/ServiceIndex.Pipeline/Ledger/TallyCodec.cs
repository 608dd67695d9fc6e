using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>
/// Month tallies on the wire. In a month-tally row the counters are Int64 columns named after
/// <see cref="MonthCounter"/> (readable in any storage browser) and the three maps are compact
/// binary (sorted, delta-encoded varints), so the bytes of equal tallies are equal.
/// </summary>
internal static class TallyCodec
{
    private static readonly MonthCounter[] Counters = Enum.GetValues<MonthCounter>();
    private static readonly string[] CounterNames = [.. Counters.Select(c => c.ToString())];

    public const string ActivityProperty = "Activity";
    public const string OpenOverdueProperty = "OpenOverdueAt";
    public const string FeedbackProperty = "FeedbackDue";

    /// <summary>
    /// The bucket generation a month-tally row includes: every delta of its cell up to it. A fold stamps each
    /// row it rewrites, so it may rewrite a bucket's rows over several transactions before it advances the
    /// compaction marker in the last; meanwhile, and after, a delta counts in a cell only above
    /// max(marker, the row's stamp) (<see cref="Counts"/>). Absent (rows folded before stamps, seeded rows): 0.
    /// </summary>
    public const string IncludesProperty = "Includes";

    public static long IncludesOf(TableEntity row) => row.GetInt64(IncludesProperty) ?? 0;

    /// <summary>Whether the delta of generation <paramref name="generation"/> still counts in a cell beside its tally row.</summary>
    public static bool Counts(long generation, long compactedGen, TableEntity? tallyRow) =>
        generation > Math.Max(compactedGen, tallyRow is null ? 0 : IncludesOf(tallyRow));

    public static TableEntity ToEntity(string partitionKey, string rowKey, MonthTally tally, long includes = 0)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        if (includes > 0)
        {
            entity[IncludesProperty] = includes;
        }

        for (var i = 0; i < Counters.Length; i++)
        {
            entity[CounterNames[i]] = tally[Counters[i]];
        }

        if (tally.Activity.Count > 0)
        {
            var w = new ByteWriter();
            WriteActivity(w, tally);
            ChunkedProperty.SetBinary(entity, ActivityProperty, w.ToArray());
        }

        if (tally.OpenOverdueAt.Count > 0)
        {
            var w = new ByteWriter();
            WriteOpenOverdue(w, tally);
            ChunkedProperty.SetBinary(entity, OpenOverdueProperty, w.ToArray());
        }

        if (tally.FeedbackNotOnTimeDue.Count > 0)
        {
            var w = new ByteWriter();
            WriteFeedback(w, tally);
            ChunkedProperty.SetBinary(entity, FeedbackProperty, w.ToArray());
        }

        return entity;
    }

    public static MonthTally FromEntity(TableEntity entity)
    {
        var tally = new MonthTally();
        for (var i = 0; i < Counters.Length; i++)
        {
            tally[Counters[i]] = entity.GetInt64(CounterNames[i]) ?? 0;
        }

        if (ChunkedProperty.GetBinary(entity, ActivityProperty) is { } activity)
        {
            var r = new ByteReader(activity);
            ReadActivity(ref r, tally);
        }

        if (ChunkedProperty.GetBinary(entity, OpenOverdueProperty) is { } due)
        {
            var r = new ByteReader(due);
            ReadOpenOverdue(ref r, tally);
        }

        if (ChunkedProperty.GetBinary(entity, FeedbackProperty) is { } feedback)
        {
            var r = new ByteReader(feedback);
            ReadFeedback(ref r, tally);
        }

        return tally;
    }

    /// <summary>The whole tally, counters sparse (most are zero in a delta).</summary>
    public static void Write(ByteWriter w, MonthTally tally)
    {
        var nonZero = 0;
        foreach (var c in Counters)
        {
            nonZero += tally[c] != 0 ? 1 : 0;
        }

        w.WriteUInt((ulong)nonZero);
        for (var i = 0; i < Counters.Length; i++)
        {
            if (tally[Counters[i]] != 0)
            {
                w.WriteUInt((ulong)i);
                w.WriteInt(tally[Counters[i]]);
            }
        }

        WriteActivity(w, tally);
        WriteOpenOverdue(w, tally);
        WriteFeedback(w, tally);
    }

    public static MonthTally Read(ref ByteReader r)
    {
        var tally = new MonthTally();
        var nonZero = r.ReadCount();
        for (var n = 0; n < nonZero; n++)
        {
            var index = (int)r.ReadUInt();
            if (index >= Counters.Length)
            {
                throw new FormatException($"Unknown month counter {index}.");
            }

            tally[Counters[index]] = r.ReadInt();
        }

        ReadActivity(ref r, tally);
        ReadOpenOverdue(ref r, tally);
        ReadFeedback(ref r, tally);
        return tally;
    }

    private static void WriteActivity(ByteWriter w, MonthTally tally)
    {
        w.WriteUInt((ulong)tally.Activity.Count);
        foreach (var (procedureId, a) in tally.Activity.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(procedureId);
            w.WriteInt(a.Online);
            w.WriteInt(a.PaidOnline);
            w.WriteInt(a.PopulationData);
            w.WriteInt(a.ComponentsDigitizedWithoutResult);
            w.WriteInt(a.Handled);
            w.WriteInt(a.HandledResultDigitized);
        }
    }

    private static void ReadActivity(ref ByteReader r, MonthTally tally)
    {
        var count = r.ReadCount();
        for (var n = 0; n < count; n++)
        {
            var id = r.ReadString();
            tally.Activity[id] = new ProcedureActivity(r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt());
        }
    }

    private static void WriteOpenOverdue(ByteWriter w, MonthTally tally)
    {
        w.WriteUInt((ulong)tally.OpenOverdueAt.Count);
        long previous = 0;
        foreach (var (ticks, count) in tally.OpenOverdueAt)
        {
            w.WriteInt(ticks - previous);
            w.WriteInt(count);
            previous = ticks;
        }
    }

    private static void ReadOpenOverdue(ref ByteReader r, MonthTally tally)
    {
        var count = r.ReadCount();
        long ticks = 0;
        for (var n = 0; n < count; n++)
        {
            ticks += r.ReadInt();
            tally.OpenOverdueAt[ticks] = r.ReadInt();
        }
    }

    private static void WriteFeedback(ByteWriter w, MonthTally tally)
    {
        w.WriteUInt((ulong)tally.FeedbackNotOnTimeDue.Count);
        long previous = 0;
        foreach (var ((ticks, notDissatisfied), count) in tally.FeedbackNotOnTimeDue)
        {
            w.WriteInt(ticks - previous);
            w.WriteByte(notDissatisfied ? (byte)1 : (byte)0);
            w.WriteInt(count);
            previous = ticks;
        }
    }

    private static void ReadFeedback(ref ByteReader r, MonthTally tally)
    {
        var count = r.ReadCount();
        long ticks = 0;
        for (var n = 0; n < count; n++)
        {
            ticks += r.ReadInt();
            var notDissatisfied = r.ReadByte() != 0;
            tally.FeedbackNotOnTimeDue[(ticks, notDissatisfied)] = r.ReadInt();
        }
    }
}
