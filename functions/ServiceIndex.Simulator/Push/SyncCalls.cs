using System.Buffers;
using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>Groups planned pushes into <c>DongBoHoSoMC</c> calls and writes their bodies.</summary>
internal static class SyncCalls
{
    /// <summary>Dossiers per call (a sync module sends what changed since its last run, in batches).</summary>
    public const int DossiersPerCall = 100;

    /// <summary>The calls of a plan, each sent once or, where drawn, twice in a row (the sender's retry).</summary>
    public static IEnumerable<IReadOnlyList<PushItem>> Calls(PushPlan plan, List<PushItem> items)
    {
        for (var start = 0; start < items.Count; start += DossiersPerCall)
        {
            var call = items.GetRange(start, Math.Min(DossiersPerCall, items.Count - start));
            yield return call;
            if (plan.Retried(call[0]))
            {
                yield return call;
            }
        }
    }

    /// <summary><c>{ "session", "madonvi", "service": "DongBoHoSoMC", "isUpdating", "data": [ … ] }</c>.</summary>
    public static void Write(IBufferWriter<byte> output, World world, string session, IReadOnlyList<PushItem> call)
    {
        using var w = new Utf8JsonWriter(output, ChangeRecordWriter.WriterOptions);
        w.WriteStartObject();
        w.WriteString("session", session);
        w.WriteString("madonvi", world.Hierarchy.Root.Id);
        w.WriteString("service", "DongBoHoSoMC");
        w.WriteString("isUpdating", call.Any(i => i.IsUpdating) ? "True" : "False");
        w.WriteStartArray("data");
        foreach (var item in call)
        {
            SyncDossierWriter.Write(w, world, world.Dossiers[item.Entry.Subject], (DossierStage)item.Entry.Stage, item.Quirks);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>
/// The push mode's output without a receiver (the <c>simulate</c> verb's <c>--format dvcqg</c> and <c>dvcqg-feed</c>):
/// the calls a sync module would send, and the change records equivalent to what they carry.
/// </summary>
public static class SimulatorPush
{
    /// <summary>Writes every <c>DongBoHoSoMC</c> call body of the history, one per line (JSON Lines), <c>session</c> empty.</summary>
    public static async Task WriteCallsAsync(Stream destination, SimulatedHistory history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(history);
        var entries = history.Entries;
        var plan = new PushPlan(history.World, entries);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var call in SyncCalls.Calls(plan, plan.Plan(entries, 0, history.Count)))
        {
            SyncCalls.Write(buffer, history.World, "", call);
            buffer.Write("\n"u8);
            await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            buffer.ResetWrittenCount();
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the change records equivalent to the push (JSON Lines, feed.md): units, procedures and feedback as the
    /// feed serves them, and each pushed dossier state as the receiver reads it — <c>syncedToNationalPortal</c> true,
    /// <c>rating</c> null, a pause by law as <c>processing</c>; dossiers deleted as entered by mistake left out. The
    /// offline <c>score</c> of this file is what a receiver of the push serves.
    /// </summary>
    public static async Task WriteEquivalentRecordsAsync(Stream destination, SimulatedHistory history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(history);
        var entries = history.Entries;
        var plan = new PushPlan(history.World, entries);
        var records = new ChangeRecordWriter(history.World) { AsPushed = true };
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var writer = new Utf8JsonWriter(buffer, ChangeRecordWriter.WriterOptions);
        for (var i = 0; i < history.Count; i++)
        {
            var entry = entries[i];
            if (entry.Kind == RecordKind.Dossier && !plan.Takes(entry))
            {
                continue;
            }

            records.Write(writer, entry, jsonLines: true);
            writer.Flush();
            buffer.Write("\n"u8);
            writer.Reset(buffer);
            if (buffer.WrittenCount >= 1 << 18)
            {
                await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
