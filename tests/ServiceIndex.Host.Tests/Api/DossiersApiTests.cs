using System.Net;
using System.Text;
using System.Text.Json;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Host.Tests.Api;

[Collection(ApiHostCollection.Name)]
public sealed class DossiersApiTests(ApiHost host)
{
    [Fact]
    public async Task Late_dossiers_are_exactly_the_overdue_dossiers_of_the_progress_scope_with_their_days_late()
    {
        var month = host.PreviousMonth;
        var book = host.Book(month, host.Now);
        var expected = book.State.Live.Where(r => r.Data is DossierData)
            .Select(r => (r.Id, Data: (DossierData)r.Data, Terms: new DossierTerms((DossierData)r.Data, month, book.E)))
            .Where(d => d.Terms.InProgressScope && d.Terms.Overdue)
            .ToDictionary(d => d.Id, d => DossierTerms.DaysLate(d.Data, book.E), StringComparer.Ordinal);

        var late = await host.GetJsonAsync($"api/late-dossiers?period={month.Label}&limit=1000");
        var items = late.GetProperty("items").EnumerateArray().ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, late.GetProperty("total").GetInt32());
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            items.Select(i => KeyValuePair.Create(i.GetProperty("dossierId").GetString()!, i.GetProperty("daysLate").GetInt32()))
                .OrderBy(e => e.Key, StringComparer.Ordinal));
        var days = items.Select(i => i.GetProperty("daysLate").GetInt32()).ToList();
        Assert.Equal(days.OrderByDescending(d => d), days);
        Assert.All(days, d => Assert.True(d >= 1));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("unitName").GetString())));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("procedureName").GetString())));
    }

    [Fact]
    public async Task Late_dossiers_filter_by_unit_subtree_and_field_and_sort_and_page()
    {
        var month = host.PreviousMonth.Label;
        var all = (await host.GetJsonAsync($"api/late-dossiers?period={month}&limit=1000")).GetProperty("items").EnumerateArray().ToList();
        var busiest = all.GroupBy(i => i.GetProperty("field").GetString()).OrderByDescending(g => g.Count()).First().Key!;
        var units = (await host.GetJsonAsync("api/units")).GetProperty("units").EnumerateArray()
            .ToDictionary(u => u.GetProperty("unitId").GetString()!, u => u.GetProperty("parentId").GetString(), StringComparer.Ordinal);
        var district = units.First(u => u.Value == "qna" && all.Any(i =>
            i.GetProperty("unitId").GetString() != u.Key && Ancestors(units, i.GetProperty("unitId").GetString()!).Contains(u.Key))).Key;

        var byField = await host.GetJsonAsync($"api/late-dossiers?period={month}&field={busiest}&limit=1000");
        var byUnit = await host.GetJsonAsync($"api/late-dossiers?period={month}&unitId={district}&limit=1000");
        var byDue = (await host.GetJsonAsync($"api/late-dossiers?period={month}&sort=dueAt&limit=1000")).GetProperty("items").EnumerateArray()
            .Select(i => DateTimeOffset.Parse(i.GetProperty("dueAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var ascending = (await host.GetJsonAsync($"api/late-dossiers?period={month}&order=asc&limit=1000")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("daysLate").GetInt32()).ToList();
        var page = await host.GetJsonAsync($"api/late-dossiers?period={month}&limit=3&offset=2");

        Assert.Equal(all.Count(i => i.GetProperty("field").GetString() == busiest), byField.GetProperty("total").GetInt32());
        Assert.All(byField.GetProperty("items").EnumerateArray(), i => Assert.Equal(busiest, i.GetProperty("field").GetString()));
        Assert.Equal(all.Count(i => Ancestors(units, i.GetProperty("unitId").GetString()!).Contains(district)), byUnit.GetProperty("total").GetInt32());
        Assert.Contains(byUnit.GetProperty("items").EnumerateArray(), i => i.GetProperty("unitId").GetString() != district); // communes below it too
        Assert.Equal(byDue.Order(), byDue);
        Assert.Equal(ascending.Order(), ascending);
        Assert.Equal(all.Count, page.GetProperty("total").GetInt32());
        Assert.Equal(all.Skip(2).Take(3).Select(i => i.GetProperty("dossierId").GetString()),
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("dossierId").GetString()));
    }

    [Fact]
    public async Task The_late_dossier_CSV_is_UTF8_with_a_BOM_and_names_units_in_Vietnamese()
    {
        var month = host.PreviousMonth.Label;
        var json = await host.GetJsonAsync($"api/late-dossiers?period={month}&limit=1000");
        using var response = await host.GetAsync($"api/late-dossiers?period={month}&format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.StartsWith("dossierId,code,unitId,unitName,procedureId,procedureName,field,receivedAt,dueAt,completedAt,status,open,daysLate", lines[0], StringComparison.Ordinal);
        Assert.Equal(json.GetProperty("total").GetInt32() + 1, lines.Length);
        var first = json.GetProperty("items")[0];
        Assert.Contains(first.GetProperty("unitName").GetString()!, lines[1], StringComparison.Ordinal);
        Assert.Matches("UBND (huyện|xã|thị xã|thành phố|phường|thị trấn) ", text);
    }

    [Fact]
    public async Task Due_soon_lists_open_dossiers_by_deadline_within_the_days_asked()
    {
        var soon = await host.GetJsonAsync("api/due-soon?days=10&limit=1000");
        var items = soon.GetProperty("items").EnumerateArray().ToList();
        var hours = items.Select(i => i.GetProperty("hoursLeft").GetDouble()).ToList();
        var three = await host.GetJsonAsync("api/due-soon");

        Assert.Equal(10, soon.GetProperty("days").GetInt32());
        Assert.NotEmpty(items);
        Assert.Equal(items.Count, soon.GetProperty("total").GetInt32());
        Assert.All(hours, h => Assert.InRange(h, 0, 240));
        Assert.Equal(hours.Order(), hours);
        Assert.Equal(3, three.GetProperty("days").GetInt32());
        var withinThreeDays = hours.Count(h => h <= 72);
        Assert.InRange(three.GetProperty("total").GetInt32(), withinThreeDays - 3, withinThreeDays + 3); // "now" may move by a minute between the calls
        var byUnit = await host.GetJsonAsync($"api/due-soon?days=10&unitId={items[0].GetProperty("unitId").GetString()}&limit=1000");
        Assert.All(byUnit.GetProperty("items").EnumerateArray(), i => Assert.Equal(items[0].GetProperty("unitId").GetString(), i.GetProperty("unitId").GetString()));
    }

    [Fact]
    public async Task Status_trend_and_dead_letters_have_the_documented_shape()
    {
        var status = await host.GetJsonAsync("api/status");
        var trend = await host.GetJsonAsync("api/trend?unitId=qna&months=3");
        var letters = await host.GetJsonAsync("api/dead-letters?limit=2");

        Assert.True(status.GetProperty("caughtUp").GetBoolean());
        Assert.EndsWith("+07:00", status.GetProperty("lastPullAt").GetString(), StringComparison.Ordinal);
        foreach (var name in new[] { "recordsApplied", "queuedMessages", "deadLetters", "poisonMessages", "lagSeconds" })
        {
            Assert.Equal(JsonValueKind.Number, status.GetProperty(name).ValueKind);
        }

        Assert.Equal(JsonValueKind.String, status.GetProperty("cursor").ValueKind);
        Assert.Equal("qna", trend.GetProperty("unitId").GetString());
        var points = trend.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(new[] { host.PreviousMonth.Label, host.CurrentMonth.Label }, points.TakeLast(2).Select(p => p.GetProperty("period").GetString()));
        Assert.Equal("snapshot", points[^2].GetProperty("source").GetString()); // the recompute froze the ended month
        Assert.Equal("live", points[^1].GetProperty("source").GetString());
        var served = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}&unitId=qna");
        Assert.Equal(served.Units[0].Total, points[^2].GetProperty("total").GetDecimal());

        Assert.True(letters.GetProperty("total").GetInt32() >= letters.GetProperty("items").GetArrayLength());
        Assert.Equal(status.GetProperty("deadLetters").GetInt64(), letters.GetProperty("total").GetInt64());
        if (letters.GetProperty("items").GetArrayLength() > 0)
        {
            var letter = letters.GetProperty("items")[0];
            Assert.False(string.IsNullOrEmpty(letter.GetProperty("reason").GetString()));
            Assert.False(string.IsNullOrEmpty(letter.GetProperty("sourceBlob").GetString()));
        }
    }

    private static HashSet<string> Ancestors(Dictionary<string, string?> parents, string unit)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (string? u = unit; u is not null && set.Add(u); u = parents.GetValueOrDefault(u))
        {
        }

        return set;
    }
}
