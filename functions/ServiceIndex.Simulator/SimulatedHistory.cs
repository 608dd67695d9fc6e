using System.Buffers;
using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>
/// A generated history: every delivery in feed order, kept compact and written as JSON on demand.
/// </summary>
/// <remarks>
/// Meant to be written once (the <c>simulate</c> verb) or served by one <see cref="ChangeFeed"/>,
/// which appends live records after <see cref="Count"/> under its own lock.
/// </remarks>
public sealed class SimulatedHistory
{
    private const int FlushThreshold = 256 * 1024;

    internal SimulatedHistory(World world, List<FeedEntry> entries, IReadOnlyList<InjectedFault> faults,
        DateTimeOffset start, DateTimeOffset end)
    {
        World = world;
        Entries = entries;
        Count = entries.Count;
        Faults = faults;
        Start = start;
        End = end;
    }

    /// <summary>Number of deliveries (change records, including injected faults).</summary>
    public int Count { get; }

    /// <summary>The faults injected, by position.</summary>
    public IReadOnlyList<InjectedFault> Faults { get; }

    /// <summary>Start of the first day of the history.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The moment the history ends: the end of <see cref="SimulatorOptions.To"/> or the
    /// generation time, whichever is earlier.</summary>
    public DateTimeOffset End { get; }

    /// <summary>The hierarchy the history was generated for.</summary>
    public Hierarchy Hierarchy => World.Hierarchy;

    internal World World { get; }

    /// <summary>The deliveries; a <see cref="ChangeFeed"/> appends live ones after <see cref="Count"/>.</summary>
    internal List<FeedEntry> Entries { get; }

    /// <summary>Writes the history as JSON Lines: one change record per line, UTF-8, <c>\n</c> endings.
    /// A <see cref="Malformation.NotAnObject"/> delivery is a line of cut-off JSON.</summary>
    public async Task WriteJsonLinesAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        var records = new ChangeRecordWriter(World);
        using var writer = new Utf8JsonWriter(buffer, ChangeRecordWriter.WriterOptions);
        for (var i = 0; i < Count; i++)
        {
            records.Write(writer, Entries[i], jsonLines: true);
            writer.Flush();
            buffer.Write("\n"u8);
            writer.Reset(buffer);
            if (buffer.WrittenCount >= FlushThreshold)
            {
                await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Entry points for generating a history without serving it (the <c>simulate</c> verb).</summary>
public static class SimulatorHistory
{
    /// <summary>Generates the history of <paramref name="options"/>; deterministic for a past period.</summary>
    /// <param name="options">What to simulate.</param>
    /// <param name="timeProvider">"Now", which the history never passes; the system clock by default.</param>
    /// <param name="cancellationToken">Stops generation between days.</param>
    public static SimulatedHistory Generate(SimulatorOptions options, TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var world = World.Build(options, Hierarchy.For(options));
        return HistoryGenerator.Generate(world, (timeProvider ?? TimeProvider.System).GetUtcNow(), cancellationToken);
    }

    /// <summary>Generates the history of <paramref name="options"/> and writes it as JSON Lines.</summary>
    public static Task WriteJsonLinesAsync(Stream destination, SimulatorOptions options,
        CancellationToken cancellationToken = default) =>
        Generate(options, cancellationToken: cancellationToken).WriteJsonLinesAsync(destination, cancellationToken);

    /// <summary>Generates the history of <paramref name="options"/> and writes it as JSON Lines to a file
    /// (created or overwritten).</summary>
    public static async Task WriteJsonLinesAsync(string path, SimulatorOptions options,
        CancellationToken cancellationToken = default)
    {
        var history = Generate(options, cancellationToken: cancellationToken);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            await history.WriteJsonLinesAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }
}
