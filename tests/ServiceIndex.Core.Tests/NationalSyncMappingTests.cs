using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.NationalSync;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>The national sync format's dossier (<c>national-portal.md</c> §1) mapped to a feed.md dossier record.</summary>
public sealed class NationalSyncMappingTests
{
    internal static readonly NationalSyncMappingOptions Options = new() { PopulationDatabaseCodes = ["CSDLDC"] };

    /// <summary>A dossier as opencps-v2 writes it: codes as strings, empty times as "".</summary>
    internal static JsonObject Dossier(string status = "4") => new()
    {
        ["MaHoSo"] = "000.00.18.H47-261109-0001",
        ["MaTTHC"] = "1.001612",
        ["DonViXuLy"] = "dai-loc",
        ["NgayTiepNhan"] = "20261109081500",
        ["NgayHenTra"] = "20261112170000",
        ["NgayKetThucXuLy"] = "",
        ["NgayTra"] = "",
        ["TrangThaiHoSo"] = status,
        ["KenhThucHien"] = "2",
        ["TaiLieuNop"] = new JsonArray(),
        ["DanhSachLePhi"] = new JsonArray(),
        ["DanhSachHoSoBoSung"] = new JsonArray(),
        ["DanhSachGiayToKetQua"] = new JsonArray(),
    };

    internal static NationalSyncDossier Map(JsonObject dossier, string? envelopeUnit = "qna") =>
        NationalSyncMapping.Map(JsonDocument.Parse(dossier.ToJsonString()).RootElement, 0, envelopeUnit, Options);

    private static DossierData Mapped(JsonObject dossier)
    {
        var result = Map(dossier);
        Assert.True(result.Outcome == NationalSyncOutcome.Mapped, $"{result.Outcome}: {result.Rejection}");
        return (DossierData)result.Record!.Data;
    }

    private static Rejection Refused(JsonObject dossier)
    {
        var result = Map(dossier);
        Assert.Equal(NationalSyncOutcome.Rejected, result.Outcome);
        return result.Rejection!;
    }

    private static DateTimeOffset Vn(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, VietnamTime.Offset);

    private static JsonObject Supplement(string requested, string resumed) => new() { ["NgayBoSung"] = requested, ["NgayTiepNhanBoSung"] = resumed };

    private static JsonObject Fee(JsonNode? amount) => new() { ["TenPhiLePhi"] = "Lệ phí", ["Gia"] = amount };

    [Fact]
    public void A_received_dossier_keeps_its_code_unit_procedure_and_Vietnam_times()
    {
        var result = Map(Dossier());

        var record = result.Record!;
        var d = (DossierData)record.Data;
        Assert.Equal((RecordKind.Dossier, "000.00.18.H47-261109-0001"), (record.Kind, record.Id));
        Assert.Equal(("000.00.18.H47-261109-0001", "dai-loc", "1.001612"), (d.Code, d.UnitId, d.ProcedureId));
        Assert.Equal(Vn(2026, 11, 9, 8, 15), d.ReceivedAt);
        Assert.Equal(Vn(2026, 11, 12, 17, 0), d.DueAt);
        Assert.Null(d.CompletedAt);
    }

    [Fact]
    public void A_dossier_without_DonViXuLy_is_handled_by_the_envelopes_madonvi()
    {
        var dossier = Dossier();
        dossier.Remove("DonViXuLy");

        Assert.Equal("qna", ((DossierData)Map(dossier, "qna").Record!.Data).UnitId);
    }

    [Theory]
    [InlineData("2", DossierStatus.Processing)]
    [InlineData("4", DossierStatus.Processing)]
    [InlineData("6", DossierStatus.Processing)]
    [InlineData("5", DossierStatus.Suspended)]
    [InlineData("7", DossierStatus.Withdrawn)]
    [InlineData("8", DossierStatus.Rejected)]
    [InlineData("9", DossierStatus.Completed)]
    [InlineData("10", DossierStatus.Completed)]
    public void Status_codes_map_to_the_feeds_statuses(string code, DossierStatus expected)
    {
        var dossier = Dossier(code);
        dossier["NgayKetThucXuLy"] = "20261111100000";

        Assert.Equal(expected, Mapped(dossier).Status);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("3")]
    public void New_and_refused_at_reception_dossiers_are_skipped_as_not_received_not_dead_lettered(string code)
    {
        var dossier = Dossier(code);
        dossier["NgayTiepNhan"] = "";

        var result = Map(dossier);

        Assert.Equal(NationalSyncOutcome.NotReceived, result.Outcome);
        Assert.Null(result.Rejection);
        Assert.Contains("not scored", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11")]
    [InlineData("0")]
    [InlineData("xong")]
    public void An_unknown_status_code_is_refused_naming_TrangThaiHoSo(string code)
    {
        var rejection = Refused(Dossier(code));

        Assert.Equal((RejectionReason.BadEnumValue, "TrangThaiHoSo"), (rejection.Reason, rejection.Field));
        Assert.Equal("000.00.18.H47-261109-0001", rejection.Id);
        Assert.Equal("dossier", rejection.Kind);
    }

    [Theory]
    [InlineData("2026-11-09 08:15")]
    [InlineData("20261332081500")]
    [InlineData("202611090815")]
    public void A_time_not_written_yyyyMMddHHmmss_is_refused_naming_its_field(string text)
    {
        var dossier = Dossier();
        dossier["NgayHenTra"] = text;

        var rejection = Refused(dossier);

        Assert.Equal((RejectionReason.BadTime, "NgayHenTra", text), (rejection.Reason, rejection.Field, rejection.Value));
    }

    [Fact]
    public void A_dossier_without_MaHoSo_is_refused()
    {
        var dossier = Dossier();
        dossier["MaHoSo"] = "";

        Assert.Equal((RejectionReason.MissingField, "MaHoSo"), (Refused(dossier).Reason, Refused(dossier).Field));
    }

    [Fact]
    public void A_received_status_without_NgayTiepNhan_is_refused()
    {
        var dossier = Dossier();
        dossier["NgayTiepNhan"] = "";

        Assert.Equal((RejectionReason.MissingField, "NgayTiepNhan"), (Refused(dossier).Reason, Refused(dossier).Field));
    }

    [Theory]
    [InlineData(null, Channel.Direct)]
    [InlineData("1", Channel.Direct)]
    [InlineData("2", Channel.Online)]
    [InlineData("3", Channel.Postal)]
    public void KenhThucHien_gives_the_channel_and_a_missing_one_means_in_person(string? code, Channel expected)
    {
        var dossier = Dossier();
        dossier["KenhThucHien"] = code;

        Assert.Equal(expected, Mapped(dossier).Channel);
    }

    [Fact]
    public void An_unknown_KenhThucHien_is_refused()
    {
        var dossier = Dossier();
        dossier["KenhThucHien"] = "4";

        Assert.Equal((RejectionReason.BadEnumValue, "KenhThucHien"), (Refused(dossier).Reason, Refused(dossier).Field));
    }

    [Fact]
    public void Fee_lines_that_are_all_zero_make_a_required_fee_waived()
    {
        var dossier = Dossier();
        dossier["DanhSachLePhi"] = new JsonArray(Fee("0"), Fee(0));

        Assert.Equal((true, true), (Mapped(dossier).FeeRequired, Mapped(dossier).FeeWaived));
    }

    [Fact]
    public void Any_fee_line_above_zero_makes_the_fee_required_and_not_waived()
    {
        var dossier = Dossier();
        dossier["DanhSachLePhi"] = new JsonArray(Fee("0"), Fee("50000"));

        Assert.Equal((true, false), (Mapped(dossier).FeeRequired, Mapped(dossier).FeeWaived));
    }

    [Fact]
    public void No_fee_line_means_no_fee_and_nothing_waived()
    {
        Assert.Equal((false, false), (Mapped(Dossier()).FeeRequired, Mapped(Dossier()).FeeWaived));
    }

    [Fact]
    public void A_fee_amount_that_is_not_a_number_is_refused_naming_the_line()
    {
        var dossier = Dossier();
        dossier["DanhSachLePhi"] = new JsonArray(Fee("0"), Fee("năm mươi"));

        Assert.Equal((RejectionReason.WrongType, "DanhSachLePhi[1].Gia"), (Refused(dossier).Reason, Refused(dossier).Field));
    }

    [Fact]
    public void Supplement_requests_map_NgayBoSung_and_NgayTiepNhanBoSung_oldest_first()
    {
        var dossier = Dossier("5");
        dossier["DanhSachHoSoBoSung"] = new JsonArray(Supplement("20261111090000", ""), Supplement("20261109100000", "20261110080000"));

        var supplements = Mapped(dossier).Supplements;

        Assert.Equal([new Supplement(Vn(2026, 11, 9, 10, 0), Vn(2026, 11, 10, 8, 0)), new Supplement(Vn(2026, 11, 11, 9, 0), null)], supplements);
    }

    [Fact]
    public void A_supplement_answered_before_it_was_requested_is_refused_in_the_sync_formats_names()
    {
        var dossier = Dossier();
        dossier["DanhSachHoSoBoSung"] = new JsonArray(Supplement("20261110090000", "20261110080000"));

        var rejection = Refused(dossier);

        Assert.Equal((RejectionReason.ResumedBeforeRequested, "DanhSachHoSoBoSung[0].NgayTiepNhanBoSung"), (rejection.Reason, rejection.Field));
    }

    [Fact]
    public void A_deadline_before_receipt_is_refused_as_the_feed_refuses_it_naming_NgayHenTra()
    {
        var dossier = Dossier();
        dossier["NgayHenTra"] = "20261108170000";

        Assert.Equal((RejectionReason.DueBeforeReceived, "NgayHenTra"), (Refused(dossier).Reason, Refused(dossier).Field));
    }

    [Fact]
    public void Status_9_without_an_end_time_but_with_an_open_supplement_request_is_read_as_suspended()
    {
        var dossier = Dossier("9");
        dossier["DanhSachHoSoBoSung"] = new JsonArray(Supplement("20261110090000", ""));

        var d = Mapped(dossier);

        Assert.Equal((DossierStatus.Suspended, (DateTimeOffset?)null), (d.Status, d.CompletedAt));
    }

    [Fact]
    public void Status_9_without_any_end_time_or_open_request_is_refused_naming_NgayKetThucXuLy()
    {
        Assert.Equal((RejectionReason.MissingField, "NgayKetThucXuLy"), (Refused(Dossier("9")).Reason, Refused(Dossier("9")).Field));
    }

    [Fact]
    public void The_end_of_handling_falls_back_to_NgayTra()
    {
        var dossier = Dossier("10");
        dossier["NgayTra"] = "20261111160000";

        Assert.Equal(Vn(2026, 11, 11, 16, 0), Mapped(dossier).CompletedAt);
    }

    [Fact]
    public void An_end_time_on_a_dossier_still_in_progress_is_not_a_completion()
    {
        var dossier = Dossier("4");
        dossier["NgayKetThucXuLy"] = "20261111100000";

        Assert.Null(Mapped(dossier).CompletedAt);
    }

    [Fact]
    public void A_VNeID_verified_account_means_population_data_was_used()
    {
        var dossier = Dossier();
        dossier["TaiKhoanDuocXacThucVoiVNeID"] = "1";

        Assert.True(Mapped(dossier).UsedPopulationData);
    }

    [Fact]
    public void Only_a_configured_database_code_in_DSKetNoiCSDL_means_population_data_was_used()
    {
        var consulted = Dossier();
        consulted["DSKetNoiCSDL"] = new JsonArray(new JsonObject { ["MaCSDL"] = "CSDLDC" });
        var other = Dossier();
        other["DSKetNoiCSDL"] = new JsonArray(new JsonObject { ["MaCSDL"] = "CSDLDD" });

        Assert.Equal((true, false), (Mapped(consulted).UsedPopulationData, Mapped(other).UsedPopulationData));
    }

    [Fact]
    public void Submitted_documents_flags_set_digitised_reused_and_citizen_store()
    {
        var dossier = Dossier();
        dossier["TaiLieuNop"] = new JsonArray(new JsonObject { ["DuocSoHoa"] = "1" }, new JsonObject { ["DuocTaiSuDung"] = 1, ["DuocLayTuKhoDMQG"] = true });

        var d = Mapped(dossier);

        Assert.Equal((true, true, true), (d.ComponentsDigitized, d.ReusedDigitalData, d.LinkedToCitizenStore));
    }

    [Fact]
    public void A_result_document_with_a_file_link_makes_the_result_digitised()
    {
        var linked = Dossier();
        linked["DanhSachGiayToKetQua"] = new JsonArray(new JsonObject { ["TenGiayTo"] = "GCN", ["DuongDanTepTinKetQua"] = "https://x/kq.pdf" });
        var unlinked = Dossier();
        unlinked["DanhSachGiayToKetQua"] = new JsonArray(new JsonObject { ["TenGiayTo"] = "GCN", ["DuongDanTepTinKetQua"] = "" });

        Assert.Equal((true, false), (Mapped(linked).ResultDigitized, Mapped(unlinked).ResultDigitized));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("2", true)]
    [InlineData("0", false)]
    public void Paid_on_the_portal_or_the_provinces_gateway_is_paid_online(string code, bool expected)
    {
        var dossier = Dossier();
        dossier["DuocThanhToanTrucTuyen"] = code;

        Assert.Equal(expected, Mapped(dossier).PaidOnline);
    }

    [Fact]
    public void Every_pushed_dossier_is_synced_to_the_portal_and_has_no_rating()
    {
        var d = Mapped(Dossier());

        Assert.Equal((true, (Rating?)null), (d.SyncedToNationalPortal, d.Rating));
    }

    [Fact]
    public void The_equivalent_feed_item_parses_to_the_same_record()
    {
        var result = Map(Dossier());

        var parsed = ChangeRecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(result.FeedItem!)).Record!;

        var (mapped, read) = ((DossierData)result.Record!.Data, (DossierData)parsed.Data);
        Assert.Equal(result.Record with { Data = mapped with { Supplements = None } }, parsed with { Data = read with { Supplements = None } });
        Assert.Equal(mapped.Supplements, read.Supplements);
    }

    private static readonly Supplement[] None = [];
}
