namespace ServiceIndex.Simulator.Tests;

/// <summary>The catalogue's paper results and the dossiers' fee waivers (portal rules 3.6, 4.1, 4.2).</summary>
[Collection(YearHistoryCollection.Name)]
public sealed class PaperResultAndFeeTests(YearHistory year)
{
    private static bool PaperResult(ChangeRecord procedure) =>
        !procedure.Data.TryGetProperty("paperResult", out var value) || value.GetBoolean();

    [Fact]
    public void A_few_procedures_have_no_paper_result()
    {
        var withoutPaper = year.Procedures.Values.Count(p => !PaperResult(p));

        Assert.InRange(withoutPaper, 3, year.Procedures.Count * 0.15);
    }

    [Fact]
    public void Procedures_without_a_paper_result_are_registrations_notices_or_data()
    {
        var names = year.Procedures.Values.Where(p => !PaperResult(p)).Select(p => p.Str("name")!).ToList();

        Assert.All(names, name => Assert.Matches("^(Đăng ký|Thông báo|Chấm dứt|Cung cấp)", name));
    }

    [Fact]
    public void A_small_share_of_dossiers_are_of_procedures_without_a_paper_result()
    {
        var share = year.Dossiers.Values.Count(d => !PaperResult(year.Procedures[d.Str("procedureId")!])) / (double)year.Dossiers.Count;

        Assert.InRange(share, 0.005, 0.1);
    }

    [Fact]
    public void PaperResult_is_written_only_when_false()
    {
        var written = year.Records.Where(r => r.Kind == "procedure" && r.Data.TryGetProperty("paperResult", out _)).ToList();

        Assert.NotEmpty(written);
        Assert.All(written, p => Assert.False(p.Flag("paperResult")));
    }

    [Fact]
    public void Fees_are_waived_on_five_to_ten_percent_of_fee_bearing_dossiers()
    {
        var feeBearing = year.Dossiers.Values.Where(d => d.Flag("feeRequired")).ToList();

        var waived = feeBearing.Count(Waived) / (double)feeBearing.Count;

        Assert.InRange(waived, 0.05, 0.1);
    }

    [Fact]
    public void A_waived_dossier_owes_a_fee_in_principle_and_pays_nothing_online()
    {
        var waived = year.Records.Where(r => r.Kind == "dossier" && Waived(r)).ToList();

        Assert.NotEmpty(waived);
        Assert.All(waived, d => Assert.True(d.Flag("feeRequired") && !d.Flag("paidOnline")));
    }

    [Fact]
    public void FeeWaived_is_written_only_when_true()
    {
        var written = year.Records.Where(r => r.Kind == "dossier" && r.Data.TryGetProperty("feeWaived", out _)).ToList();

        Assert.NotEmpty(written);
        Assert.All(written, d => Assert.True(d.Flag("feeWaived")));
    }

    private static bool Waived(ChangeRecord dossier) =>
        dossier.Data.TryGetProperty("feeWaived", out var value) && value.GetBoolean();
}
