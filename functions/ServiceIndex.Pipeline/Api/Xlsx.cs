using ClosedXML.Excel;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// Shared parts of the Excel exports (<c>format=xlsx</c>): content type, Vietnamese names of levels (groups and
/// indicators are named by the indicator catalogue), a header row, and saving. Written with ClosedXML; numbers are numeric cells, never text.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly IReadOnlyDictionary<string, string> LevelNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["province"] = "Cấp tỉnh",
        ["agency"] = "Sở, ban, ngành",
        ["district"] = "Cấp huyện",
        ["commune"] = "Cấp xã",
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
