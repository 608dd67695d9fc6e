using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>
/// Writes a <see cref="FeedEntry"/> as a change record of feed.md, computing the full state of
/// the record at that version from the world's facts; applies the entry's malformation, if any.
/// </summary>
internal sealed partial class ChangeRecordWriter(World world)
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        // Vietnamese names and "+07:00" are written as they are; the default encoder would escape both.
        Encoder = World.Encoder,
    };

    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText ChangedAtName = JsonEncodedText.Encode("changedAt");
    private static readonly JsonEncodedText DeletedName = JsonEncodedText.Encode("deleted");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText ParentIdName = JsonEncodedText.Encode("parentId");
    private static readonly JsonEncodedText ECertifiedCopyName = JsonEncodedText.Encode("eCertifiedCopy");
    private static readonly JsonEncodedText FieldName = JsonEncodedText.Encode("field");
    private static readonly JsonEncodedText UnitIdsName = JsonEncodedText.Encode("unitIds");
    private static readonly JsonEncodedText AnnouncedOnTimeName = JsonEncodedText.Encode("announcedOnTime");
    private static readonly JsonEncodedText PublishedOnTimeName = JsonEncodedText.Encode("publishedOnTime");
    private static readonly JsonEncodedText PublishedCompleteName = JsonEncodedText.Encode("publishedComplete");
    private static readonly JsonEncodedText OnlineLevelName = JsonEncodedText.Encode("onlineLevel");
    private static readonly JsonEncodedText FeeRequiredName = JsonEncodedText.Encode("feeRequired");
    private static readonly JsonEncodedText OnlinePaymentEnabledName = JsonEncodedText.Encode("onlinePaymentEnabled");
    private static readonly JsonEncodedText PaperResultName = JsonEncodedText.Encode("paperResult");
    private static readonly JsonEncodedText UnitIdName = JsonEncodedText.Encode("unitId");
    private static readonly JsonEncodedText ReceivedAtName = JsonEncodedText.Encode("receivedAt");
    private static readonly JsonEncodedText DueAtName = JsonEncodedText.Encode("dueAt");
    private static readonly JsonEncodedText ResolvedAtName = JsonEncodedText.Encode("resolvedAt");
    private static readonly JsonEncodedText RatingName = JsonEncodedText.Encode("rating");

    private static readonly string[] Kinds = ["unit", "procedure", "dossier", "feedback"];
    private static readonly JsonEncodedText[] KindValues = [.. Kinds.Select(k => JsonEncodedText.Encode(k))];
    private static readonly JsonEncodedText[] LevelValues = [.. new[] { "province", "agency", "district", "commune" }.Select(v => JsonEncodedText.Encode(v))];
    private static readonly JsonEncodedText[] OnlineLevelValues = [.. new[] { "none", "partial", "full" }.Select(v => JsonEncodedText.Encode(v))];
    private static readonly JsonEncodedText[] RatingValues = [.. new[] { "", "very-satisfied", "satisfied", "neutral", "dissatisfied" }.Select(v => JsonEncodedText.Encode(v))];

    private readonly World _world = world;

    /// <summary>Dossiers as the national sync push carries them (<see cref="SimulatorPush"/>): synchronised, no rating,
    /// a pause by law shown as processing.</summary>
    public bool AsPushed { get; init; }
    private readonly ArrayBufferWriter<byte> _scratch = new(4096);

    /// <summary>Kind and id of the record an entry delivers (for fault reports).</summary>
    public static (string Kind, string Id) Describe(World world, FeedEntry entry)
    {
        Span<char> id = stackalloc char[64];
        var kind = Kinds[(int)entry.Kind];
        return entry.Kind switch
        {
            RecordKind.Unit => (kind, world.Units[world.UnitVersions[entry.Subject].Unit].Id),
            RecordKind.Procedure => (kind, world.Procedures[world.ProcedureVersions[entry.Subject].Procedure].Template.Id),
            RecordKind.Dossier => (kind, new string(id[..DossierCode(world, world.Dossiers[entry.Subject], id)])),
            _ => (kind, new string(id[..FeedbackId(world, world.Feedback[entry.Subject], id)])),
        };
    }

    /// <summary>Writes one delivery. In JSON Lines a <see cref="Malformation.NotAnObject"/> delivery is
    /// a cut-off line; inside a page's <c>items</c> array it must stay valid JSON, so it is a string or null.</summary>
    public void Write(Utf8JsonWriter writer, FeedEntry entry, bool jsonLines)
    {
        if (entry.Malformation != Malformation.NotAnObject)
        {
            WriteRecord(writer, entry, entry.Malformation, Variant(entry));
            return;
        }

        if (!jsonLines)
        {
            if (Variant(entry) == 0)
            {
                writer.WriteStringValue("record lost in transit");
            }
            else
            {
                writer.WriteNullValue();
            }

            return;
        }

        _scratch.ResetWrittenCount();
        using (var scratchWriter = new Utf8JsonWriter(_scratch, WriterOptions))
        {
            WriteRecord(scratchWriter, entry, Malformation.None, 0);
        }

        writer.WriteRawValue(_scratch.WrittenSpan[..(_scratch.WrittenCount / 2)], skipInputValidation: true);
    }

    private static int Variant(FeedEntry entry) => (entry.Subject + entry.Version) & 1;

    private void WriteRecord(Utf8JsonWriter writer, FeedEntry entry, Malformation malformation, int variant)
    {
        writer.WriteStartObject();
        if (malformation == Malformation.UnknownKind)
        {
            writer.WriteString(KindName, variant == 0 ? "invoice" : "payment");
        }
        else
        {
            writer.WriteString(KindName, KindValues[(int)entry.Kind]);
        }

        WriteId(writer, entry);
        switch (malformation)
        {
            case Malformation.VersionBelowOne:
                writer.WriteNumber(VersionName, variant == 0 ? 0 : -entry.Version);
                break;
            case Malformation.WrongType when variant == 0:
                writer.WriteString(VersionName, entry.Version.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteNumber(VersionName, entry.Version);
                break;
        }

        var timeIsBad = malformation == Malformation.BadTime
            && (variant == 0 || entry.Kind is RecordKind.Unit or RecordKind.Procedure);
        if (timeIsBad)
        {
            WriteBadTime(writer, ChangedAtName, entry.ChangedAtTicks, variant);
        }
        else if (!(malformation == Malformation.MissingField && variant == 0))
        {
            WriteTime(writer, ChangedAtName, entry.ChangedAtTicks);
        }

        writer.WriteBoolean(DeletedName, entry.Deleted);
        writer.WritePropertyName(DataName);
        writer.WriteStartObject();
        var dataFault = malformation switch
        {
            Malformation.MissingField or Malformation.WrongType when variant == 1 => malformation,
            Malformation.BadTime when variant == 1 => malformation,
            Malformation.BadEnum or Malformation.TimeBeforeReceipt or Malformation.SupplementOutOfOrder => malformation,
            _ => Malformation.None,
        };
        switch (entry.Kind)
        {
            case RecordKind.Unit:
                WriteUnit(writer, _world.UnitVersions[entry.Subject], dataFault);
                break;
            case RecordKind.Procedure:
                WriteProcedure(writer, _world.ProcedureVersions[entry.Subject], dataFault);
                break;
            case RecordKind.Dossier:
                WriteDossier(writer, _world.Dossiers[entry.Subject], (DossierStage)entry.Stage, dataFault, variant);
                break;
            default:
                WriteFeedback(writer, _world.Feedback[entry.Subject], (FeedbackStage)entry.Stage, dataFault);
                break;
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteId(Utf8JsonWriter writer, FeedEntry entry)
    {
        switch (entry.Kind)
        {
            case RecordKind.Unit:
                writer.WriteString(IdName, _world.UnitIdJson[_world.UnitVersions[entry.Subject].Unit]);
                break;
            case RecordKind.Procedure:
                writer.WriteString(IdName, _world.ProcedureIdJson[_world.ProcedureVersions[entry.Subject].Procedure]);
                break;
            case RecordKind.Dossier:
            {
                Span<char> id = stackalloc char[64];
                writer.WriteString(IdName, id[..DossierCode(_world, _world.Dossiers[entry.Subject], id)]);
                break;
            }

            default:
            {
                Span<char> id = stackalloc char[64];
                writer.WriteString(IdName, id[..FeedbackId(_world, _world.Feedback[entry.Subject], id)]);
                break;
            }
        }
    }

    private void WriteUnit(Utf8JsonWriter writer, UnitVersion version, Malformation fault)
    {
        var unit = _world.Units[version.Unit];
        writer.WriteString(NameName, version.Name);
        switch (fault)
        {
            case Malformation.MissingField:
                break;
            case Malformation.BadEnum:
                writer.WriteString(LevelName, "village");
                break;
            default:
                writer.WriteString(LevelName, LevelValues[(int)unit.Level]);
                break;
        }

        if (version.ParentId is { } parentId)
        {
            writer.WriteString(ParentIdName, _world.UnitIdJson[_world.UnitIndex[parentId]]);
        }
        else
        {
            writer.WriteNull(ParentIdName);
        }

        if (fault == Malformation.WrongType)
        {
            writer.WriteString(ECertifiedCopyName, version.ECertifiedCopy ? "yes" : "no");
        }
        else
        {
            writer.WriteBoolean(ECertifiedCopyName, version.ECertifiedCopy);
        }
    }

    private void WriteProcedure(Utf8JsonWriter writer, ProcedureVersion version, Malformation fault)
    {
        var procedure = _world.Procedures[version.Procedure];
        var template = procedure.Template;
        writer.WriteString(NameName, template.Name);
        writer.WriteString(FieldName, template.Field);
        writer.WriteStartArray(UnitIdsName);
        foreach (var unit in procedure.Units)
        {
            writer.WriteStringValue(_world.UnitIdJson[unit]);
        }

        writer.WriteEndArray();
        writer.WriteBoolean(AnnouncedOnTimeName, version.AnnouncedOnTime);
        writer.WriteBoolean(PublishedOnTimeName, version.PublishedOnTime);
        writer.WriteBoolean(PublishedCompleteName, version.PublishedComplete);
        switch (fault)
        {
            case Malformation.MissingField:
                break;
            case Malformation.BadEnum:
                writer.WriteString(OnlineLevelName, "level-4");
                break;
            default:
                writer.WriteString(OnlineLevelName, OnlineLevelValues[(int)version.OnlineLevel]);
                break;
        }

        if (fault == Malformation.WrongType)
        {
            writer.WriteString(FeeRequiredName, template.FeeRequired ? "true" : "false");
        }
        else
        {
            writer.WriteBoolean(FeeRequiredName, template.FeeRequired);
        }

        writer.WriteBoolean(OnlinePaymentEnabledName, version.OnlinePaymentEnabled);

        // Optional in the feed with default true: written only where it says something.
        if (!template.PaperResult)
        {
            writer.WriteBoolean(PaperResultName, false);
        }
    }

    private void WriteFeedback(Utf8JsonWriter writer, FeedbackFacts facts, FeedbackStage stage, Malformation fault)
    {
        if (fault == Malformation.WrongType)
        {
            writer.WriteNumber(UnitIdName, facts.Unit);
        }
        else
        {
            writer.WriteString(UnitIdName, _world.UnitIdJson[facts.Unit]);
        }

        if (fault == Malformation.BadTime)
        {
            WriteBadTime(writer, ReceivedAtName, facts.ReceivedTicks, 1);
        }
        else
        {
            WriteTime(writer, ReceivedAtName, facts.ReceivedTicks);
        }

        switch (fault)
        {
            case Malformation.MissingField:
                break;
            case Malformation.TimeBeforeReceipt:
                WriteTime(writer, DueAtName, facts.ReceivedTicks - TimeSpan.TicksPerDay);
                break;
            default:
                WriteTime(writer, DueAtName, facts.DueTicks);
                break;
        }

        WriteOptionalTime(writer, ResolvedAtName, stage >= FeedbackStage.Resolved ? facts.ResolvedTicks : 0);
        if (fault == Malformation.BadEnum)
        {
            writer.WriteString(RatingName, "angry");
        }
        else
        {
            WriteRating(writer, stage == FeedbackStage.Rated ? facts.Rating : Rating.None);
        }
    }

    private static void WriteRating(Utf8JsonWriter writer, Rating rating)
    {
        if (rating == Rating.None)
        {
            writer.WriteNull(RatingName);
        }
        else
        {
            writer.WriteString(RatingName, RatingValues[(int)rating]);
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, JsonEncodedText name, long utcTicks)
    {
        Span<byte> text = stackalloc byte[VietnamTime.FormattedLength];
        VietnamTime.FormatUtf8(utcTicks, text);
        writer.WriteString(name, text);
    }

    private static void WriteOptionalTime(Utf8JsonWriter writer, JsonEncodedText name, long utcTicks)
    {
        if (utcTicks == 0)
        {
            writer.WriteNull(name);
        }
        else
        {
            WriteTime(writer, name, utcTicks);
        }
    }

    /// <summary>Times a careless exporter writes: no offset, a local date format, an impossible date.</summary>
    private static void WriteBadTime(Utf8JsonWriter writer, JsonEncodedText name, long utcTicks, int variant)
    {
        Span<byte> text = stackalloc byte[VietnamTime.FormattedLength];
        VietnamTime.FormatUtf8(utcTicks, text);
        if (variant == 0)
        {
            text[10] = (byte)' ';
            writer.WriteString(name, text[..19]);
        }
        else if (name.Equals(ReceivedAtName))
        {
            var local = VietnamTime.ToOffset(utcTicks);
            writer.WriteString(name, local.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
        }
        else
        {
            "02-30"u8.CopyTo(text[5..]);
            writer.WriteString(name, text);
        }
    }
}
