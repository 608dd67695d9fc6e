using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>
/// The feed a simulated procedure system serves: its history, then live activity. Random access by
/// position, so a cursor is just a position and never expires. Thread-safe.
/// </summary>
public sealed class ChangeFeed
{
    private static readonly JsonEncodedText ItemsName = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText NextName = JsonEncodedText.Encode("next");
    private static readonly JsonEncodedText HasMoreName = JsonEncodedText.Encode("hasMore");

    private readonly Lock _gate = new();
    private readonly LiveActivity? _live;
    private readonly ChangeRecordWriter _records;

    private ChangeFeed(SimulatorOptions options, SimulatedHistory history, TimeProvider timeProvider)
    {
        Options = options;
        History = history;
        TimeProvider = timeProvider;
        _records = new ChangeRecordWriter(history.World);
        HistoryCount = history.Entries.Count;
        if (options.LiveRatePerSecond > 0)
        {
            _live = new LiveActivity(history.World, SeedStreams.Live(options.Seed), timeProvider.GetUtcNow(),
                options.LiveRatePerSecond);
        }
    }

    /// <summary>The options the feed was created with.</summary>
    public SimulatorOptions Options { get; }

    /// <summary>The generated history the feed starts with.</summary>
    public SimulatedHistory History { get; }

    /// <summary>The clock of live activity and slow responses.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Deliveries of the generated history; live records follow from this position on.</summary>
    public long HistoryCount { get; }

    /// <summary>
    /// When the delivery at <paramref name="position"/> (0-based) first became readable: the moment a live
    /// record fell due (records are produced lazily, but a read at or after that moment returns it).
    /// Null for history records and positions not appended yet.
    /// </summary>
    public DateTimeOffset? AppendedAt(long position)
    {
        lock (_gate)
        {
            var index = position - HistoryCount;
            return _live is not null && index >= 0 && index < _live.Appended ? _live.AppendedAt((int)index) : null;
        }
    }

    /// <summary>When the next live record falls due (null without live activity or while it is suspended).</summary>
    public DateTimeOffset? NextLiveAt
    {
        get
        {
            lock (_gate)
            {
                return _live?.NextDueAt;
            }
        }
    }

    /// <summary>Pauses live activity: nothing is appended until <see cref="ResumeLive"/>, and the pause produces no backlog.</summary>
    public void SuspendLive()
    {
        lock (_gate)
        {
            CatchUp();
            _live?.Suspend(TimeProvider.GetUtcNow());
        }
    }

    public void ResumeLive()
    {
        lock (_gate)
        {
            _live?.Resume(TimeProvider.GetUtcNow());
        }
    }

    /// <summary>The position a cursor of this feed points at (the number of deliveries before it).</summary>
    public static bool TryPositionOf(string? cursor, out long position)
    {
        position = 0;
        return string.IsNullOrEmpty(cursor) || FeedCursor.TryDecode(cursor, out position, out _);
    }

    /// <summary>
    /// Cursors of this seed past the head, answered from the head: cursors a previous run of the same seed issued after
    /// live records this run has not produced (yet). Each run regenerates its history and starts live activity anew, so
    /// a kept checkpoint can point past the new head; a host holding one reads on from the head at once instead of being
    /// refused until the new run's live records catch up with the old position.
    /// </summary>
    public long EarlierRunCursors => Interlocked.Read(ref _earlierRunCursors);

    private long _earlierRunCursors;

    /// <summary>HTTP faults served so far by the endpoints mapped over this feed.</summary>
    public ServedHttpFaults ServedFaults { get; } = new();

    /// <summary>Deliveries available now (history plus live records due so far).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                CatchUp();
                return History.Entries.Count;
            }
        }
    }

    /// <summary>Generates the history of <paramref name="options"/> and starts live activity from now.</summary>
    public static ChangeFeed Create(SimulatorOptions options, TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = timeProvider ?? TimeProvider.System;
        return new ChangeFeed(options, SimulatorHistory.Generate(options, time, cancellationToken), time);
    }

    /// <summary>Writes the page after <paramref name="cursor"/> (null or empty: the start) as the
    /// response body of feed.md. Returns false, writing nothing, when the cursor is not one of ours.</summary>
    public bool TryWritePage(string? cursor, int limit, IBufferWriter<byte> output, out FeedPage page)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        page = default;
        long after = 0;
        int? seed = null;
        if (!string.IsNullOrEmpty(cursor) && !FeedCursor.TryDecode(cursor, out after, out seed))
        {
            return false;
        }

        lock (_gate)
        {
            CatchUp();
            var entries = History.Entries;
            if (after > entries.Count)
            {
                if (seed != Options.Seed)
                {
                    return false; // not a position this feed ever had
                }

                Interlocked.Increment(ref _earlierRunCursors);
                after = entries.Count; // a previous run's cursor (EarlierRunCursors): on from this run's head
            }

            var start = (int)after;
            var count = Math.Min(limit, entries.Count - start);
            var end = start + count;
            using var writer = new Utf8JsonWriter(output, ChangeRecordWriter.WriterOptions);
            writer.WriteStartObject();
            writer.WriteStartArray(ItemsName);
            var pushMode = Options.Mode == SimulatorModes.Dvcqg;
            for (var i = start; i < end; i++)
            {
                // In push mode dossiers travel in the national sync format (DvcqgPusher); positions stay the same.
                if (!(pushMode && entries[i].Kind == RecordKind.Dossier))
                {
                    _records.Write(writer, entries[i], jsonLines: false);
                }
            }

            writer.WriteEndArray();
            writer.WriteString(NextName, FeedCursor.Encode(end, Options.Seed));
            writer.WriteBoolean(HasMoreName, end < entries.Count);
            writer.WriteEndObject();
            writer.Flush();
            page = new FeedPage(start, count, end < entries.Count);
            return true;
        }
    }

    /// <summary>Copies the deliveries from <paramref name="from"/> on (live ones due so far included) into <paramref name="into"/>.</summary>
    internal void CopyEntries(int from, List<FeedEntry> into)
    {
        lock (_gate)
        {
            CatchUp();
            var entries = History.Entries;
            for (var i = from; i < entries.Count; i++)
            {
                into.Add(entries[i]);
            }
        }
    }

    /// <summary>
    /// Writes every delivery from position <paramref name="from"/> to the end of what is available now, each as one JSON
    /// line, to <paramref name="each"/> (the stand-in portal reads the records this way); returns the position after the last.
    /// </summary>
    internal long ForEachRecord(long from, Action<ReadOnlySpan<byte>> each)
    {
        lock (_gate)
        {
            CatchUp();
            var entries = History.Entries;
            var buffer = new ArrayBufferWriter<byte>(4096);
            using var writer = new Utf8JsonWriter(buffer, ChangeRecordWriter.WriterOptions);
            for (var i = (int)Math.Min(from, entries.Count); i < entries.Count; i++)
            {
                _records.Write(writer, entries[i], jsonLines: true);
                writer.Flush();
                each(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
            }

            return entries.Count;
        }
    }

    private void CatchUp() => _live?.CatchUp(TimeProvider.GetUtcNow(), History.Entries);
}

/// <summary>What a page held.</summary>
/// <param name="Start">Position of its first item.</param>
/// <param name="Count">Number of items.</param>
/// <param name="HasMore">Whether more items follow already.</param>
public readonly record struct FeedPage(long Start, int Count, bool HasMore);

/// <summary>Opaque cursors: base64url of <c>sim1:{position}</c>, or <c>sim1:{position}:{seed}</c> as the feed issues them
/// (the seed tells a previous run's cursor from a stranger's). The prefix lets a cursor from something else be told apart
/// from a position.</summary>
internal static class FeedCursor
{
    private const string Prefix = "sim1:";

    public static string Encode(long position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + position.ToString(CultureInfo.InvariantCulture)));

    public static string Encode(long position, int seed) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{position}:{seed}")));

    /// <summary>Reads either form; <paramref name="seed"/> is null for the short one.</summary>
    public static bool TryDecode(string cursor, out long position, out int? seed)
    {
        seed = null;
        if (TryDecode(cursor, out position))
        {
            return true;
        }

        if (!TryText(cursor, out var text) || text.LastIndexOf(':') is var colon && colon <= Prefix.Length - 1)
        {
            return false;
        }

        if (text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length, colon - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out position)
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
            && Encode(position, s) == cursor)
        {
            seed = s;
            return true;
        }

        position = 0;
        return false;
    }

    /// <summary>Reads the short form only (<c>sim1:{position}</c>).</summary>
    public static bool TryDecode(string cursor, out long position)
    {
        position = 0;
        if (!TryText(cursor, out var text))
        {
            return false;
        }

        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out position)
            && Encode(position) == cursor;
    }

    private static bool TryText(string cursor, out string text)
    {
        text = string.Empty;
        if (cursor.Length > 64)
        {
            return false;
        }

        // TryDecodeFromChars throws on some malformed input (found by a property test): validate first.
        Span<byte> bytes = stackalloc byte[64];
        if (!Base64Url.IsValid(cursor) || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written))
        {
            return false;
        }

        text = Encoding.ASCII.GetString(bytes[..written]);
        return true;
    }
}
