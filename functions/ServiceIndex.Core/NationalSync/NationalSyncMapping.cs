using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.NationalSync;

/// <summary>Configuration of the mapping: which <c>DSKetNoiCSDL[].MaCSDL</c> codes mean the national population database.</summary>
public sealed record NationalSyncMappingOptions
{
    public IReadOnlyCollection<string> PopulationDatabaseCodes { get; init; } = [];
}

public enum NationalSyncOutcome
{
    /// <summary>Mapped to a dossier record of feed.md.</summary>
    Mapped,

    /// <summary>Status 1 (new) or 3 (refused at reception): never received for handling, so not scored; skipped, not a dead letter.</summary>
    NotReceived,

    /// <summary>Cannot be mapped: kept as a dead letter with the field and reason.</summary>
    Rejected,
}

/// <summary>One dossier of a <c>DongBoHoSoMC</c> push (item <paramref name="Index"/> of <c>data</c>) and what it became.</summary>
public sealed record NationalSyncDossier(int Index, string? Code, NationalSyncOutcome Outcome, JsonElement Raw)
{
    /// <summary>The record, version derived by <see cref="NationalSyncOrder"/>, when <see cref="Outcome"/> is Mapped.</summary>
    public ChangeRecord? Record { get; init; }

    /// <summary>The equivalent change-feed item (JSON), when mapped.</summary>
    public string? FeedItem { get; init; }

    /// <summary>Why it was refused (field names are the sync format's), when rejected.</summary>
    public Rejection? Rejection { get; init; }

    /// <summary>Why it was skipped, when not received.</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// Maps one dossier of the national sync format (<c>national-portal.md</c> §1, the table "maps to") to a
/// dossier record of <c>feed.md</c>. Pure: the feed item it writes is validated by <see cref="ChangeRecordParser"/>
/// like any feed item, so a pushed dossier obeys every rule a pulled one does; refusals name the sync format's fields.
/// </summary>
public static class NationalSyncMapping
{
    /// <summary>The time format of the sync format: Vietnam time, to the second.</summary>
    public const string TimeFormat = "yyyyMMddHHmmss";

    private static readonly Dictionary<string, string> FeedToSync = new(StringComparer.Ordinal)
    {
        ["id"] = "MaHoSo", ["data.code"] = "MaHoSo", ["data.unitId"] = "DonViXuLy", ["data.procedureId"] = "MaTTHC",
        ["data.receivedAt"] = "NgayTiepNhan", ["data.dueAt"] = "NgayHenTra", ["data.completedAt"] = "NgayKetThucXuLy",
    };

    public static NationalSyncDossier Map(JsonElement dossier, int index, string? envelopeUnit, NationalSyncMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (dossier.ValueKind != JsonValueKind.Object)
        {
            return Refused(dossier, index, null, new Rejection(RejectionReason.NotAnObject, "$", null, "A dossier must be a JSON object."));
        }

        var r = new SyncReader(dossier);
        var code = r.Text("MaHoSo");
        if (code is null)
        {
            return Refused(dossier, index, null, new Rejection(RejectionReason.MissingField, "MaHoSo", null, "MaHoSo (the dossier code) is required."));
        }

        var status = r.StatusCode();
        if (r.Rejection is null && status is 1 or 3)
        {
            return new NationalSyncDossier(index, code, NationalSyncOutcome.NotReceived, dossier)
            {
                Reason = status == 1 ? "TrangThaiHoSo 1 (new): not yet received for handling, not scored."
                    : "TrangThaiHoSo 3 (refused at reception): never received for handling, not scored.",
            };
        }

        var state = Read(r, envelopeUnit, options, status);
        if (r.Rejection is not null || state is null)
        {
            return Refused(dossier, index, code, r.Rejection!);
        }

        var data = WriteData(code, state);
        var item = WriteItem(code, state, data);
        var parsed = ChangeRecordParser.Parse(item.Span);
        if (parsed.Record is not { Data: DossierData mapped } record)
        {
            var rejection = parsed.Rejection!;
            return Refused(dossier, index, code, rejection with { Field = SyncField(rejection.Field) });
        }

        var versioned = record with { Version = NationalSyncOrder.Version(mapped, data.Span) };
        return new NationalSyncDossier(index, code, NationalSyncOutcome.Mapped, dossier)
        {
            Record = versioned,
            FeedItem = System.Text.Encoding.UTF8.GetString(WriteItem(code, state, data, versioned.Version).Span),
        };
    }

    /// <summary>What the mapping read, before the feed's rules check it.</summary>
    private sealed record State(
        string UnitId, string ProcedureId, string Channel, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt,
        string Status, bool Components, bool Result, bool Reused, bool Linked, bool Population, bool FeeRequired, bool PaidOnline,
        bool FeeWaived, IReadOnlyList<(DateTimeOffset Requested, DateTimeOffset? Resumed)> Supplements);

    private static State? Read(SyncReader r, string? envelopeUnit, NationalSyncMappingOptions options, int status)
    {
        var unitId = r.Text("DonViXuLy") ?? (string.IsNullOrWhiteSpace(envelopeUnit) ? null : envelopeUnit);
        if (unitId is null)
        {
            r.Reject(RejectionReason.MissingField, "DonViXuLy", null, "Neither DonViXuLy nor the envelope's madonvi names the handling unit.");
        }

        var procedureId = r.RequiredText("MaTTHC", "MaTTHC (the procedure code) is required.");
        var receivedAt = r.Time("NgayTiepNhan");
        if (r.Rejection is null && receivedAt is null)
        {
            r.Reject(RejectionReason.MissingField, "NgayTiepNhan", null,
                string.Create(CultureInfo.InvariantCulture, $"TrangThaiHoSo {status} says the dossier was received, but NgayTiepNhan is empty."));
        }

        var dueAt = r.Time("NgayHenTra");
        var end = r.Time("NgayKetThucXuLy") ?? r.Time("NgayTra");
        var channel = r.Channel();
        var supplements = r.Supplements();
        var components = r.Flag("HoSoCoThanhPhanSoHoa") || r.AnyFlag("TaiLieuNop", "DuocSoHoa");
        var reused = r.AnyFlag("TaiLieuNop", "DuocTaiSuDung");
        var linked = r.AnyFlag("TaiLieuNop", "DuocLayTuKhoDMQG");
        var population = r.Flag("TaiKhoanDuocXacThucVoiVNeID") || r.AnyText("DSKetNoiCSDL", "MaCSDL", options.PopulationDatabaseCodes);
        var result = r.AnyText("DanhSachGiayToKetQua", "DuongDanTepTinKetQua", null);
        var paid = r.Code("DuocThanhToanTrucTuyen") is 1 or 2;
        var (feeRequired, feeWaived) = r.Fees();
        if (r.Rejection is not null)
        {
            return null;
        }

        var open = supplements.Count > 0 && supplements[^1].Resumed is null;
        var mapped = status switch
        {
            2 or 4 or 6 => "processing",
            5 => "suspended",
            7 => "withdrawn",
            8 => "rejected",
            _ when end is null && open => "suspended", // a 5 sent as 9: the open request is the truth
            _ => "completed",
        };
        if (mapped is "completed" or "rejected" && end is null)
        {
            r.Reject(RejectionReason.MissingField, "NgayKetThucXuLy", null, string.Create(CultureInfo.InvariantCulture,
                $"TrangThaiHoSo {status} ends the dossier, but neither NgayKetThucXuLy nor NgayTra is set (a 6 or 8 sent as 9?)."));
            return null;
        }

        var completedAt = mapped is "processing" or "suspended" ? null : end;
        return new State(unitId!, procedureId!, channel, receivedAt!.Value, dueAt, completedAt, mapped, components, result, reused, linked,
            population, feeRequired, paid, feeWaived, supplements);
    }

    private static ReadOnlyMemory<byte> WriteData(string code, State s)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("code", code);
            w.WriteString("unitId", s.UnitId);
            w.WriteString("procedureId", s.ProcedureId);
            w.WriteString("channel", s.Channel);
            w.WriteString("receivedAt", Rfc3339.Format(s.ReceivedAt));
            WriteTime(w, "dueAt", s.DueAt);
            WriteTime(w, "completedAt", s.CompletedAt);
            w.WriteString("status", s.Status);
            w.WriteBoolean("syncedToNationalPortal", true); // it is the very record the system sends to the portal
            w.WriteBoolean("componentsDigitized", s.Components);
            w.WriteBoolean("resultDigitized", s.Result);
            w.WriteBoolean("reusedDigitalData", s.Reused);
            w.WriteBoolean("linkedToCitizenStore", s.Linked);
            w.WriteBoolean("usedPopulationData", s.Population);
            w.WriteBoolean("feeRequired", s.FeeRequired);
            w.WriteBoolean("paidOnline", s.PaidOnline);
            w.WriteBoolean("feeWaived", s.FeeWaived);
            w.WriteStartArray("supplements");
            foreach (var (requested, resumed) in s.Supplements)
            {
                w.WriteStartObject();
                w.WriteString("requestedAt", Rfc3339.Format(requested));
                WriteTime(w, "resumedAt", resumed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNull("rating"); // ratings come from the portal's evaluation service, not from the sync
            w.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static ReadOnlyMemory<byte> WriteItem(string code, State s, ReadOnlyMemory<byte> data, long version = 1)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + 160);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "dossier");
            w.WriteString("id", code);
            w.WriteNumber("version", version);
            var latest = s.Supplements.Aggregate(s.ReceivedAt, (t, x) => Max(Max(t, x.Requested), x.Resumed ?? t));
            w.WriteString("changedAt", Rfc3339.Format(s.CompletedAt is { } c ? Max(latest, c) : latest));
            w.WriteBoolean("deleted", false);
            w.WritePropertyName("data");
            w.WriteRawValue(data.Span, skipInputValidation: true);
            w.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, Rfc3339.Format(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static NationalSyncDossier Refused(JsonElement raw, int index, string? code, Rejection rejection) =>
        new(index, code, NationalSyncOutcome.Rejected, raw) { Rejection = rejection with { Kind = "dossier", Id = code, Version = null } };

    /// <summary>A feed field named by the parser, spoken in the sync format's names (<c>data.supplements[1].resumedAt</c> → <c>DanhSachHoSoBoSung[1].NgayTiepNhanBoSung</c>).</summary>
    private static string SyncField(string field)
    {
        if (FeedToSync.TryGetValue(field, out var sync))
        {
            return sync;
        }

        return field.StartsWith("data.supplements", StringComparison.Ordinal)
            ? field["data.supplements".Length..].Replace(".requestedAt", ".NgayBoSung", StringComparison.Ordinal)
                .Replace(".resumedAt", ".NgayTiepNhanBoSung", StringComparison.Ordinal).Insert(0, "DanhSachHoSoBoSung")
            : field;
    }
}
