using System.Globalization;
using System.Text.Json;

namespace ServiceIndex.Simulator;

// The dossier record: its fields at a life stage, and the codes that identify dossiers and feedback.
internal sealed partial class ChangeRecordWriter
{
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText ProcedureIdName = JsonEncodedText.Encode("procedureId");
    private static readonly JsonEncodedText ChannelName = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText CompletedAtName = JsonEncodedText.Encode("completedAt");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText SyncedName = JsonEncodedText.Encode("syncedToNationalPortal");
    private static readonly JsonEncodedText ComponentsDigitizedName = JsonEncodedText.Encode("componentsDigitized");
    private static readonly JsonEncodedText ResultDigitizedName = JsonEncodedText.Encode("resultDigitized");
    private static readonly JsonEncodedText ReusedDigitalDataName = JsonEncodedText.Encode("reusedDigitalData");
    private static readonly JsonEncodedText LinkedToCitizenStoreName = JsonEncodedText.Encode("linkedToCitizenStore");
    private static readonly JsonEncodedText UsedPopulationDataName = JsonEncodedText.Encode("usedPopulationData");
    private static readonly JsonEncodedText PaidOnlineName = JsonEncodedText.Encode("paidOnline");
    private static readonly JsonEncodedText FeeWaivedName = JsonEncodedText.Encode("feeWaived");
    private static readonly JsonEncodedText SupplementsName = JsonEncodedText.Encode("supplements");
    private static readonly JsonEncodedText RequestedAtName = JsonEncodedText.Encode("requestedAt");
    private static readonly JsonEncodedText ResumedAtName = JsonEncodedText.Encode("resumedAt");
    private static readonly JsonEncodedText[] ChannelValues = [.. new[] { "direct", "online", "postal" }.Select(v => JsonEncodedText.Encode(v))];
    private static readonly JsonEncodedText[] OutcomeValues = [.. new[] { "completed", "rejected", "withdrawn" }.Select(v => JsonEncodedText.Encode(v))];
    private static readonly JsonEncodedText Processing = JsonEncodedText.Encode("processing");
    private static readonly JsonEncodedText Suspended = JsonEncodedText.Encode("suspended");

    private void WriteDossier(Utf8JsonWriter writer, DossierFacts facts, DossierStage stage, Malformation fault, int variant)
    {
        Span<char> code = stackalloc char[64];
        writer.WriteString(CodeName, code[..DossierCode(_world, facts, code)]);
        writer.WriteString(UnitIdName, _world.UnitIdJson[facts.Unit]);
        writer.WriteString(ProcedureIdName, _world.ProcedureIdJson[facts.Procedure]);
        if (fault == Malformation.BadEnum && variant == 1)
        {
            writer.WriteString(ChannelName, "fax");
        }
        else
        {
            writer.WriteString(ChannelName, ChannelValues[(int)facts.Channel]);
        }

        if (fault == Malformation.BadTime)
        {
            WriteBadTime(writer, ReceivedAtName, facts.ReceivedTicks, variant);
        }
        else
        {
            WriteTime(writer, ReceivedAtName, facts.ReceivedTicks);
        }

        var finished = stage >= DossierStage.Finished;
        var returned = finished && facts.Outcome != Outcome.Withdrawn;
        if (fault == Malformation.TimeBeforeReceipt && (variant == 0 || !returned))
        {
            WriteTime(writer, DueAtName, facts.ReceivedTicks - TimeSpan.TicksPerDay);
        }
        else
        {
            WriteOptionalTime(writer, DueAtName, facts.DueTicks);
        }

        if (fault == Malformation.TimeBeforeReceipt && variant == 1 && returned)
        {
            WriteTime(writer, CompletedAtName, facts.ReceivedTicks - (2 * TimeSpan.TicksPerHour));
        }
        else
        {
            WriteOptionalTime(writer, CompletedAtName, returned ? facts.FinishedTicks : 0);
        }

        if (fault == Malformation.MissingField)
        {
            // status left out
        }
        else if (fault == Malformation.BadEnum && variant == 0)
        {
            writer.WriteString(StatusName, "finished");
        }
        else
        {
            writer.WriteString(StatusName, stage switch
            {
                DossierStage.Suspended when AsPushed => Processing, // the sync format has no code for a pause by law
                DossierStage.Suspended or DossierStage.SupplementRequested or DossierStage.SecondSupplementRequested => Suspended,
                >= DossierStage.Finished => OutcomeValues[(int)facts.Outcome],
                _ => Processing,
            });
        }

        var flags = facts.Flags;
        writer.WriteBoolean(SyncedName, AsPushed || (stage >= DossierStage.InProgress && flags.HasFlag(DossierFlags.Synced)));
        writer.WriteBoolean(ComponentsDigitizedName, flags.HasFlag(DossierFlags.ComponentsDigitized));
        writer.WriteBoolean(ResultDigitizedName, stage >= DossierStage.ResultReady && flags.HasFlag(DossierFlags.ResultDigitized));
        writer.WriteBoolean(ReusedDigitalDataName, flags.HasFlag(DossierFlags.ReusedDigitalData));
        writer.WriteBoolean(FeeRequiredName, _world.Procedures[facts.Procedure].Template.FeeRequired);
        if (fault == Malformation.WrongType)
        {
            writer.WriteString(PaidOnlineName, flags.HasFlag(DossierFlags.PaidOnline) ? "yes" : "no");
        }
        else
        {
            writer.WriteBoolean(PaidOnlineName, flags.HasFlag(DossierFlags.PaidOnline));
        }

        WriteRating(writer, stage == DossierStage.Rated && !AsPushed ? facts.Rating : Rating.None);
        writer.WriteBoolean(LinkedToCitizenStoreName, finished && flags.HasFlag(DossierFlags.LinkedToCitizenStore));
        writer.WriteBoolean(UsedPopulationDataName, flags.HasFlag(DossierFlags.UsedPopulationData));

        // Optional in the feed with default false: written only for the dossiers it concerns.
        if (flags.HasFlag(DossierFlags.FeeWaived))
        {
            writer.WriteBoolean(FeeWaivedName, true);
        }

        if (fault == Malformation.SupplementOutOfOrder)
        {
            WriteSupplementsOutOfOrder(writer, facts, stage, variant);
        }
        else
        {
            WriteSupplements(writer, facts, stage);
        }
    }

    /// <summary>The requests made by this stage, oldest first, the latest unanswered while the unit waits;
    /// nothing when there are none (the feed's default).</summary>
    private static void WriteSupplements(Utf8JsonWriter writer, DossierFacts facts, DossierStage stage)
    {
        var (shown, lastAnswered) = Shown(facts, stage);
        if (shown == 0)
        {
            return;
        }

        writer.WriteStartArray(SupplementsName);
        for (var i = 0; i < shown; i++)
        {
            WriteSupplement(writer, facts.Supplements.RequestedTicks(i, facts.ReceivedTicks),
                i < shown - 1 || lastAnswered ? facts.Supplements.ResumedTicks(i, facts.ReceivedTicks) : 0);
        }

        writer.WriteEndArray();
    }

    private static (int Shown, bool LastAnswered) Shown(DossierFacts facts, DossierStage stage) => stage switch
    {
        DossierStage.SupplementRequested => (1, false),
        DossierStage.SupplementAnswered => (1, true),
        DossierStage.SecondSupplementRequested => (2, false),
        >= DossierStage.SecondSupplementAnswered => (facts.Supplements.Count, true),
        _ => (0, true),
    };

    /// <summary>What a careless exporter writes: the first request answered an hour before it was made
    /// (variant 0), a second request while the first is unanswered (variant 1, when there is a first)
    /// or a request a day before receipt (variant 1 otherwise).</summary>
    private static void WriteSupplementsOutOfOrder(Utf8JsonWriter writer, DossierFacts facts, DossierStage stage, int variant)
    {
        var received = facts.ReceivedTicks;
        var hour = TimeSpan.TicksPerHour;
        var requested = Shown(facts, stage).Shown > 0 ? facts.Supplements.RequestedTicks(0, received) : 0;
        writer.WriteStartArray(SupplementsName);
        if (variant == 0)
        {
            requested = requested == 0 ? received + hour : requested;
            WriteSupplement(writer, requested, requested - hour);
        }
        else if (requested != 0)
        {
            WriteSupplement(writer, requested, 0);
            WriteSupplement(writer, requested + TimeSpan.TicksPerDay, 0);
        }
        else
        {
            WriteSupplement(writer, received - TimeSpan.TicksPerDay, 0);
        }

        writer.WriteEndArray();
    }

    private static void WriteSupplement(Utf8JsonWriter writer, long requestedTicks, long resumedTicks)
    {
        writer.WriteStartObject();
        WriteTime(writer, RequestedAtName, requestedTicks);
        WriteOptionalTime(writer, ResumedAtName, resumedTicks);
        writer.WriteEndObject();
    }

    /// <summary>Dossier code, also its id: <c>{prefix}.{unit ordinal}-{yyMMdd}-{sequence}</c> like the
    /// province's <c>H47.18-230417-0001</c>; live dossiers get an <c>L</c> before the sequence.</summary>
    public static int DossierCode(World world, DossierFacts facts, Span<char> destination)
    {
        var prefix = world.Hierarchy.CodePrefix.AsSpan();
        var length = Math.Min(prefix.Length, 32);
        prefix[..length].CopyTo(destination);
        destination[length++] = '.';
        facts.Unit.TryFormat(destination[length..], out var written, "00", CultureInfo.InvariantCulture);
        length += written;
        destination[length++] = '-';
        VietnamTime.FormatShortDate(facts.ReceivedTicks, destination[length..]);
        length += 6;
        destination[length++] = '-';
        if (facts.Sequence < 0)
        {
            destination[length++] = 'L';
        }

        Math.Abs(facts.Sequence).TryFormat(destination[length..], out written, "0000", CultureInfo.InvariantCulture);
        return length + written;
    }

    /// <summary>Feedback id: <c>{prefix}-PAKN-{yyMMdd}-{sequence}</c>.</summary>
    public static int FeedbackId(World world, FeedbackFacts facts, Span<char> destination)
    {
        var prefix = world.Hierarchy.CodePrefix.AsSpan();
        var length = Math.Min(prefix.Length, 32);
        prefix[..length].CopyTo(destination);
        "-PAKN-".CopyTo(destination[length..]);
        length += 6;
        VietnamTime.FormatShortDate(facts.ReceivedTicks, destination[length..]);
        length += 6;
        destination[length++] = '-';
        facts.Sequence.TryFormat(destination[length..], out var written, "0000", CultureInfo.InvariantCulture);
        return length + written;
    }
}
