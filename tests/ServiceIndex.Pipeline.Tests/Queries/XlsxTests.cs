using ClosedXML.Excel;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Pipeline.Tests.Queries;

/// <summary>The Excel renderers keep text as text and numbers as numbers, read back with the same library.</summary>
public sealed class XlsxTests
{
    private static readonly PeriodInfo April = new("2024-04", "2024-04-01", "2024-04-30");

    [Fact]
    public void Codes_and_names_that_look_like_numbers_or_dates_stay_text()
    {
        var late = new LateDossier("00123", "2024-01-01", "007", "1.5", "p1", "=1+1", null, "2024-04-01T08:00:00+07:00", "2024-04-05T17:00:00+07:00",
            null, "processing", true, 12);
        var bytes = LateDossiersXlsx.Render(new LateDossiersResponse(April, "2024-04-30T23:59:59+07:00", 1, 0, 1, [late]));

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var row = workbook.Worksheet(LateDossiersXlsx.Sheet).Row(2);

        Assert.All(Enumerable.Range(1, 6), c => Assert.Equal(XLDataType.Text, row.Cell(c).DataType));
        Assert.Equal(["00123", "2024-01-01", "007", "1.5", "p1", "=1+1"], Enumerable.Range(1, 6).Select(c => row.Cell(c).GetString()));
        Assert.False(row.Cell(6).HasFormula);
        Assert.Equal(XLDataType.DateTime, row.Cell(9).DataType);
        Assert.Equal(new DateTime(2024, 4, 5, 17, 0, 0), row.Cell(9).GetDateTime());
        Assert.Equal(XLDataType.Number, row.Cell(13).DataType);
        Assert.Equal(12, row.Cell(13).GetValue<int>());
    }

    [Fact]
    public void The_online_sheet_ends_with_O3s_factor_as_a_number()
    {
        var groups = Groups.All.ToDictionary(g => g, _ => 10m);
        var indicators = IndexRules.Codes.ToDictionary(c => c, c => new IndicatorDocument(1m, 2m, 3, 4, c == "O3" ? 0.6m : null));
        var unit = new UnitScoreDocument("c1", "Xã 1", "commune", null, 50m, "trung-binh", groups, indicators);
        var bytes = ScoresXlsx.Render(new ScoreDocument(April, "2024-04-30T23:59:59+07:00", [unit]), IndexRules.Default);

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("Dịch vụ trực tuyến, thanh toán");
        var last = sheet.Row(1).LastCellUsed().Address.ColumnNumber;

        Assert.Equal("O3: hệ số (tỷ lệ đồng bộ T4)", sheet.Cell(1, last).GetString());
        Assert.Equal((XLDataType.Number, 0.6m), (sheet.Cell(2, last).DataType, sheet.Cell(2, last).GetValue<decimal>()));
    }

    [Fact]
    public void A_unit_id_that_looks_like_a_number_stays_text_in_the_score_workbook()
    {
        var groups = Groups.All.ToDictionary(g => g, _ => 10m);
        var indicators = IndexRules.Codes.ToDictionary(c => c, _ => new IndicatorDocument(1m, 2m, 3, 4));
        var unit = new UnitScoreDocument("0042", "Xã 42", "commune", "0001", 50m, "trung-binh", groups, indicators);
        var bytes = ScoresXlsx.Render(new ScoreDocument(April, "2024-04-30T23:59:59+07:00", [unit]), IndexRules.Default);

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var summary = workbook.Worksheet(ScoresXlsx.SummarySheet).Row(2);

        Assert.Equal(XLDataType.Text, summary.Cell(1).DataType);
        Assert.Equal("0042", summary.Cell(1).GetString());
        Assert.Equal("0001", summary.Cell(4).GetString());
        Assert.Equal("Trung bình", summary.Cell(6).GetString());
        Assert.Equal(50m, summary.Cell(5).GetValue<decimal>());
        Assert.True(summary.Cell(12).IsEmpty()); // no previous period: no change
        Assert.Equal(ScoresXlsx.SummaryHeaders, workbook.Worksheet(ScoresXlsx.SummarySheet).Row(1).Cells(1, ScoresXlsx.SummaryHeaders.Count).Select(c => c.GetString()));
    }
}
