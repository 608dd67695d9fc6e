using ClosedXML.Excel;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Queries;

/// <summary>
/// Shared parts of the Excel exports (<c>format=xlsx</c>): content type, Vietnamese names of groups, levels and
/// indicators, a header row, and saving. Written with ClosedXML; numbers are numeric cells, never text.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Vietnamese group names, also the sheet names of the score workbook (at most 31 characters, no <c>:\/?*[]</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> GroupNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Groups.Transparency] = "Công khai, minh bạch",
        [Groups.Progress] = "Tiến độ giải quyết",
        [Groups.OnlineServices] = "Dịch vụ trực tuyến, thanh toán",
        [Groups.Digitisation] = "Số hóa hồ sơ",
        [Groups.Satisfaction] = "Mức độ hài lòng",
    };

    public static readonly IReadOnlyDictionary<string, string> LevelNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["province"] = "Cấp tỉnh",
        ["agency"] = "Sở, ban, ngành",
        ["district"] = "Cấp huyện",
        ["commune"] = "Cấp xã",
    };

    public static readonly IReadOnlyDictionary<string, string> IndicatorNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["T1"] = "Công bố TTHC đúng hạn",
        ["T2"] = "Công khai TTHC đúng hạn",
        ["T3"] = "Công khai đầy đủ",
        ["T4"] = "Đồng bộ trạng thái hồ sơ",
        ["P1"] = "Giải quyết đúng hạn",
        ["O1"] = "Cung cấp DVC trực tuyến",
        ["O2"] = "TTHC có hồ sơ trực tuyến",
        ["O3"] = "Tỷ lệ hồ sơ trực tuyến (nhân tỷ lệ đồng bộ)",
        ["M1"] = "Thanh toán trực tuyến (hồ sơ phải nộp phí)",
        ["M2"] = "TTHC có thanh toán trực tuyến",
        ["M3"] = "TTHC triển khai thanh toán trực tuyến",
        ["D1"] = "Cấp kết quả điện tử (TTHC có kết quả giấy)",
        ["D2"] = "Số hóa hồ sơ và kết quả",
        ["D3"] = "Chứng thực bản sao điện tử",
        ["D4"] = "Tái sử dụng dữ liệu số hóa",
        ["D5"] = "Kho dữ liệu công dân",
        ["D6"] = "Khai thác CSDL dân cư",
        ["D7"] = "TTHC có khai thác CSDL dân cư",
        ["S1"] = "Xử lý phản ánh đúng hạn",
        ["S2"] = "Hài lòng về xử lý phản ánh",
        ["S3"] = "Hài lòng về giải quyết TTHC",
    };

    public static string LevelName(string level) => LevelNames.GetValueOrDefault(level) ?? level;

    /// <summary>Writes <paramref name="headers"/> in row 1 (bold, frozen, filterable) and sets each column's width from its header.</summary>
    public static void Header(IXLWorksheet sheet, IReadOnlyList<string> headers, int rows)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(headers);
        for (var c = 0; c < headers.Count; c++)
        {
            Text(sheet.Cell(1, c + 1), headers[c]);

            // AdjustToContents needs GDI+, missing on Linux: widths from the header text instead.
            sheet.Column(c + 1).Width = Math.Clamp(headers[c].Length + 2, 10, 48);
        }

        var header = sheet.Range(1, 1, 1, headers.Count);
        header.Style.Font.Bold = true;
        header.Style.Alignment.WrapText = true;
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, rows + 1), headers.Count).SetAutoFilter();
    }

    /// <summary>
    /// Sets a cell to text, always as text: ClosedXML 0.95's <c>Value = string</c> turns "00123" into a number and
    /// "2024-01-01" into a date, which would corrupt codes and names.
    /// </summary>
    public static void Text(IXLCell cell, string? value)
    {
        ArgumentNullException.ThrowIfNull(cell);
        cell.SetValue(value ?? "");
    }

    /// <summary>Sets a cell to a number (a numeric cell), or leaves it empty for null. Formats are set per column (<see cref="Format"/>): a style per cell is slow.</summary>
    public static void Number(IXLCell cell, decimal? value)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (value is { } v)
        {
            cell.SetValue(v);
        }
    }

    /// <summary>The number format of the data rows of columns <paramref name="from"/>–<paramref name="to"/> (1-based).</summary>
    public static void Format(IXLWorksheet sheet, int from, int to, int rows, string format)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        if (rows > 0)
        {
            sheet.Range(2, from, rows + 1, to).Style.NumberFormat.Format = format;
        }
    }

    public static byte[] Save(XLWorkbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
