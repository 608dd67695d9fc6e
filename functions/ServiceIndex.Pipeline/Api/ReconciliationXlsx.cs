using ClosedXML.Excel;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// The reconciliation as an Excel workbook (<c>GET /api/reconciliation?format=xlsx</c>): one row per unit and figure, our figure, the
/// portal's, the difference, ours over synced dossiers only, the cause and its Vietnamese explanation.
/// </summary>
public static class ReconciliationXlsx
{
    public const string Sheet = "Đối chiếu Cổng quốc gia";

    public static IReadOnlyList<string> Headers { get; } =
    [
        "Mã đơn vị", "Đơn vị", "Tên trên Cổng quốc gia", "Chỉ số", "ServiceIndex", "Cổng quốc gia", "Chênh lệch", "ServiceIndex (chỉ hồ sơ đã đồng bộ)",
        "Hồ sơ chưa đồng bộ", "Nguyên nhân", "Giải thích",
    ];

    private static readonly Dictionary<string, string> FigureNames = new(StringComparer.Ordinal)
    {
        ["total"] = "Tổng điểm",
        ["progress.score"] = "Tiến độ giải quyết (điểm)",
        ["progress.received"] = "Hồ sơ tiếp nhận",
        ["progress.onTime"] = "Giải quyết đúng hạn",
        ["progress.overdue"] = "Hồ sơ quá hạn",
        ["progress.completed"] = "Hồ sơ đã giải quyết",
    };

    public static string FileName(ReconciliationResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return $"doi-chieu-cong-quoc-gia-{response.Period}.xlsx";
    }

    public static byte[] Render(ReconciliationResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var rows = response.Units.SelectMany(u => u.Figures.Select(f => (Unit: u, Figure: f))).ToList();
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(Sheet);
        Xlsx.Header(sheet, Headers, rows.Count);
        Xlsx.Format(sheet, 5, 8, rows.Count, "0.00");
        for (var r = 0; r < rows.Count; r++)
        {
            var (unit, figure) = rows[r];
            var row = r + 2;
            Xlsx.Text(sheet.Cell(row, 1), unit.UnitId);
            Xlsx.Text(sheet.Cell(row, 2), unit.Name);
            Xlsx.Text(sheet.Cell(row, 3), unit.PortalName);
            Xlsx.Text(sheet.Cell(row, 4), (Groups.All.Contains(figure.Figure) ? IndicatorCatalogue.GroupName(figure.Figure) : null) ?? FigureNames.GetValueOrDefault(figure.Figure) ?? figure.Figure);
            Xlsx.Number(sheet.Cell(row, 5), figure.Ours);
            Xlsx.Number(sheet.Cell(row, 6), figure.Portal);
            Xlsx.Number(sheet.Cell(row, 7), figure.Difference);
            Xlsx.Number(sheet.Cell(row, 8), figure.OursSyncedOnly);
            Xlsx.Number(sheet.Cell(row, 9), unit.UnsyncedDossiers);
            Xlsx.Text(sheet.Cell(row, 10), figure.Cause);
            Xlsx.Text(sheet.Cell(row, 11), figure.Explanation);
        }

        return Xlsx.Save(workbook);
    }
}
