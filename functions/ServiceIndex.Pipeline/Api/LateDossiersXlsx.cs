using ClosedXML.Excel;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// The late-dossier list as an Excel workbook (<c>GET /api/late-dossiers?format=xlsx</c>): the CSV's rows with Vietnamese
/// headers, times as date cells in Vietnam time, days late as numbers.
/// </summary>
public static class LateDossiersXlsx
{
    public const string Sheet = "Hồ sơ trễ hạn";

    public static IReadOnlyList<string> Headers { get; } =
    [
        "Mã hồ sơ", "Số hồ sơ", "Mã đơn vị", "Đơn vị", "Mã thủ tục", "Thủ tục", "Lĩnh vực", "Ngày tiếp nhận", "Hạn xử lý", "Ngày hoàn thành",
        "Trạng thái", "Còn đang xử lý", "Số ngày trễ", "Đang chờ bổ sung", "Số lần yêu cầu bổ sung",
    ];

    private const string DateFormat = "dd/mm/yyyy hh:mm";

    public static string FileName(LateDossiersResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return $"ho-so-tre-han-{response.Period.Label}.xlsx";
    }

    public static byte[] Render(LateDossiersResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(Sheet);
        Xlsx.Header(sheet, Headers, response.Items.Count);
        Xlsx.Format(sheet, 8, 10, response.Items.Count, DateFormat);
        Xlsx.Format(sheet, 13, 13, response.Items.Count, "0");
        for (var r = 0; r < response.Items.Count; r++)
        {
            var d = response.Items[r];
            var row = r + 2;
            Xlsx.Text(sheet.Cell(row, 1), d.DossierId);
            Xlsx.Text(sheet.Cell(row, 2), d.Code);
            Xlsx.Text(sheet.Cell(row, 3), d.UnitId);
            Xlsx.Text(sheet.Cell(row, 4), d.UnitName);
            Xlsx.Text(sheet.Cell(row, 5), d.ProcedureId);
            Xlsx.Text(sheet.Cell(row, 6), d.ProcedureName);
            Xlsx.Text(sheet.Cell(row, 7), d.Field);
            Date(sheet.Cell(row, 8), d.ReceivedAt);
            Date(sheet.Cell(row, 9), d.DueAt);
            Date(sheet.Cell(row, 10), d.CompletedAt);
            Xlsx.Text(sheet.Cell(row, 11), d.Status);
            Xlsx.Text(sheet.Cell(row, 12), d.Open ? "Có" : "Không");
            Xlsx.Number(sheet.Cell(row, 13), d.DaysLate);
            Xlsx.Text(sheet.Cell(row, 14), d.AwaitingSupplement ? "Có" : "Không");
            Xlsx.Number(sheet.Cell(row, 15), d.SupplementRequests);
        }

        return Xlsx.Save(workbook);
    }

    /// <summary>An RFC 3339 time of the response as a date cell in Vietnam local time (what the reader's clock says).</summary>
    private static void Date(IXLCell cell, string? value)
    {
        if (value is not null && Rfc3339.TryParse(value, out var t))
        {
            cell.SetValue(VietnamTime.ToVietnam(t).DateTime);
        }
    }
}
