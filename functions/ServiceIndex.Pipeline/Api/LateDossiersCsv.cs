using System.Globalization;
using System.Text;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// The late-dossier list as CSV (<c>GET /api/late-dossiers?format=csv</c>): the JSON item fields as
/// columns, UTF-8 with a byte order mark so spreadsheet programs show Vietnamese names correctly.
/// </summary>
public static class LateDossiersCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Columns =
        ["dossierId", "code", "unitId", "unitName", "procedureId", "procedureName", "field", "receivedAt", "dueAt", "completedAt", "status", "open", "daysLate",
            "awaitingSupplement", "supplementRequests"];

    public static string FileName(LateDossiersResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return $"ho-so-tre-han-{response.Period.Label}.csv";
    }

    public static byte[] Render(LateDossiersResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append("\r\n");
        foreach (var d in response.Items)
        {
            string?[] row =
            [
                d.DossierId, d.Code, d.UnitId, d.UnitName, d.ProcedureId, d.ProcedureName, d.Field, d.ReceivedAt, d.DueAt, d.CompletedAt, d.Status,
                d.Open ? "true" : "false", d.DaysLate.ToString(CultureInfo.InvariantCulture),
                d.AwaitingSupplement ? "true" : "false", d.SupplementRequests.ToString(CultureInfo.InvariantCulture),
            ];
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                Field(text, row[i]);
            }

            text.Append("\r\n");
        }

        var preamble = Encoding.UTF8.Preamble;
        var bytes = new byte[preamble.Length + Encoding.UTF8.GetByteCount(text.ToString())];
        preamble.CopyTo(bytes);
        Encoding.UTF8.GetBytes(text.ToString(), bytes.AsSpan(preamble.Length));
        return bytes;
    }

    /// <summary>RFC 4180 quoting; text a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    private static void Field(StringBuilder text, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            text.Append(value);
        }
    }
}
