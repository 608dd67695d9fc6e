using System.Globalization;
using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>The choices of untidiness for one pushed state (<see cref="PushPlan"/>).</summary>
/// <param name="StatusAsNine">A vendor unit's 5, 6 or 8 is sent as 9.</param>
/// <param name="NoChannel"><c>KenhThucHien</c> is left out.</param>
internal readonly record struct SyncQuirks(bool StatusAsNine, bool NoChannel);

/// <summary>
/// Writes a dossier at a life stage as one item of <c>data</c> of a <c>DongBoHoSoMC</c> call, in the national sync
/// format as provincial systems write it (national-portal.md §1; codes as strings, empty times as <c>""</c>, times
/// <c>yyyyMMddHHmmss</c> Vietnam time). The stage decides what shows, as it does for the feed record.
/// </summary>
internal static class SyncDossierWriter
{
    /// <summary>The fee line amount of a fee-bearing procedure (dong); 0 on every line when the fee is waived.</summary>
    private const int FeeAmount = 50_000;

    /// <summary>The status code of a stage: 2 received, 4 processing (also a law pause, which the format has no code
    /// for), 5 supplement requested, 6 financial obligation requested (in progress, to be paid online), 7 withdrawn,
    /// 8 handling stopped (rejected), 10 result returned.</summary>
    public static int StatusCode(World world, DossierFacts facts, DossierStage stage) => stage switch
    {
        DossierStage.Received => 2,
        DossierStage.InProgress when facts.Flags.HasFlag(DossierFlags.PaidOnline) && world.Procedures[facts.Procedure].Template.FeeRequired => 6,
        DossierStage.SupplementRequested or DossierStage.SecondSupplementRequested => 5,
        >= DossierStage.Finished => facts.Outcome switch
        {
            Outcome.Withdrawn => 7,
            Outcome.Rejected => 8,
            _ => 10,
        },
        _ => 4,
    };

    public static void Write(Utf8JsonWriter w, World world, DossierFacts facts, DossierStage stage, SyncQuirks quirks)
    {
        Span<char> code = stackalloc char[64];
        var status = StatusCode(world, facts, stage);
        var finished = stage >= DossierStage.Finished;
        var returned = finished && facts.Outcome != Outcome.Withdrawn;
        w.WriteStartObject();
        w.WriteString("MaHoSo", code[..ChangeRecordWriter.DossierCode(world, facts, code)]);
        w.WriteString("MaTTHC", world.ProcedureIdJson[facts.Procedure]);
        w.WriteString("DonViXuLy", world.UnitIdJson[facts.Unit]);
        w.WriteString("NgayTiepNhan", Time(facts.ReceivedTicks));
        w.WriteString("NgayHenTra", Time(facts.DueTicks));
        w.WriteString("NgayKetThucXuLy", Time(returned ? facts.FinishedTicks : 0));
        w.WriteString("NgayTra", Time(returned && facts.Outcome == Outcome.Completed ? facts.FinishedTicks : 0));
        w.WriteString("TrangThaiHoSo", Code(quirks.StatusAsNine && status is 5 or 6 or 8 ? 9 : status));
        if (!quirks.NoChannel)
        {
            w.WriteString("KenhThucHien", Code((int)facts.Channel + 1));
        }

        var flags = facts.Flags;
        w.WriteString("DuocThanhToanTrucTuyen", Code(flags.HasFlag(DossierFlags.PaidOnline) ? 2 : 0));
        w.WriteString("HoSoCoThanhPhanSoHoa", Code(flags.HasFlag(DossierFlags.ComponentsDigitized) ? 1 : 0));
        w.WriteString("TaiKhoanDuocXacThucVoiVNeID", Code(flags.HasFlag(DossierFlags.UsedPopulationData) ? 1 : 0));
        w.WriteStartArray("TaiLieuNop");
        w.WriteStartObject();
        w.WriteString("TenTepDinhKem", "Đơn đề nghị");
        w.WriteString("DuocSoHoa", Code(flags.HasFlag(DossierFlags.ComponentsDigitized) ? 1 : 0));
        w.WriteString("DuocTaiSuDung", Code(flags.HasFlag(DossierFlags.ReusedDigitalData) ? 1 : 0));
        w.WriteString("DuocLayTuKhoDMQG", Code(finished && flags.HasFlag(DossierFlags.LinkedToCitizenStore) ? 1 : 0));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("DanhSachGiayToKetQua");
        if (stage >= DossierStage.ResultReady && flags.HasFlag(DossierFlags.ResultDigitized))
        {
            w.WriteStartObject();
            w.WriteString("TenGiayTo", "Kết quả giải quyết");
            w.WriteString("DuongDanTepTinKetQua", $"https://dvc.example.invalid/ketqua/{code[..ChangeRecordWriter.DossierCode(world, facts, code)]}.pdf");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("DanhSachLePhi");
        if (world.Procedures[facts.Procedure].Template.FeeRequired)
        {
            w.WriteStartObject();
            w.WriteString("TenPhiLePhi", "Lệ phí");
            w.WriteNumber("Gia", flags.HasFlag(DossierFlags.FeeWaived) ? 0 : FeeAmount);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteSupplements(w, facts, stage);
        w.WriteEndObject();
    }

    private static void WriteSupplements(Utf8JsonWriter w, DossierFacts facts, DossierStage stage)
    {
        var (shown, lastAnswered) = stage switch
        {
            DossierStage.SupplementRequested => (1, false),
            DossierStage.SupplementAnswered => (1, true),
            DossierStage.SecondSupplementRequested => (2, false),
            >= DossierStage.SecondSupplementAnswered => (facts.Supplements.Count, true),
            _ => (0, true),
        };
        w.WriteStartArray("DanhSachHoSoBoSung");
        for (var i = 0; i < shown; i++)
        {
            var resumed = i < shown - 1 || lastAnswered ? facts.Supplements.ResumedTicks(i, facts.ReceivedTicks) : 0;
            w.WriteStartObject();
            w.WriteString("NgayBoSung", Time(facts.Supplements.RequestedTicks(i, facts.ReceivedTicks)));
            w.WriteString("NgayTiepNhanBoSung", Time(resumed));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>yyyyMMddHHmmss</c> in Vietnam time; <c>""</c> for none (0), as real systems send it.</summary>
    public static string Time(long utcTicks) => utcTicks == 0 ? ""
        : VietnamTime.ToOffset(utcTicks).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static string Code(int code) => code.ToString(CultureInfo.InvariantCulture);
}
