using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;

namespace ServiceIndex.Host.Tests.Browser;

/// <summary>
/// The dashboard in a real browser against the real host: <c>serviceindex run</c> as a child
/// process (embedded Azurite and simulator, a small province history), Debian's Chromium driven
/// by Playwright. Never downloads a browser: Playwright's own node driver (inside the NuGet
/// package) talks to <c>/usr/bin/chromium</c>, which <c>./test.sh</c> installs with apt.
/// </summary>
[Collection(SoloHostCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>vi-VN's separators, as the dashboard's Intl.NumberFormat writes them.</summary>
    private static readonly NumberFormatInfo VietnameseNumbers = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    /// <summary>45 days of history at 15,000 dossiers a year: about 6,000 changes, caught up in ~15 s; no live changes, so scores hold still.</summary>
    private static readonly Dictionary<string, string> SmallProvince = new(StringComparer.Ordinal)
    {
        ["LocalHost:SimulatorHistoryDays"] = "45",
        ["LocalHost:SimulatorDossiersPerYear"] = "15000",
        ["LocalHost:SimulatorLiveRatePerSecond"] = "0",
        ["LocalHost:SimulatorSeed"] = "766",
    };

    [Fact]
    public async Task Dashboard_shows_the_province_total_and_late_units_changes_period_and_is_photographed()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"{Chromium} is missing, so the dashboard's browser test cannot run. Run ./test.sh, which installs Debian's Chromium " +
                        "with apt (tools/install.sh tests), or `sudo apt-get install chromium`. The test never downloads a browser.");
        }

        var watch = Stopwatch.StartNew();
        await using var host = DashboardHost.Start(SmallProvince);
        try
        {
            await RunAsync(host, watch);
        }
        catch (Exception ex) when (!ex.Message.Contains("--- host output", StringComparison.Ordinal))
        {
            output.WriteLine(host.Tail());
            throw new XunitException($"{ex.GetType().Name}: {ex.Message}\n{host.Tail()}", ex);
        }
    }

    private async Task RunAsync(DashboardHost host, Stopwatch watch)
    {
        await host.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"host serving scores after {watch.Elapsed.TotalSeconds:0.0} s");

        // What the API says, to hold the page against.
        var scores = await host.GetJsonAsync("api/scores");
        var currentLabel = scores.GetProperty("period").GetProperty("label").GetString()!;
        var root = scores.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("parentId").ValueKind == JsonValueKind.Null);
        var rootId = root.GetProperty("unitId").GetString()!;
        var late = await host.GetJsonAsync("api/late-dossiers?sort=daysLate&order=desc&limit=50");
        var lateItems = late.GetProperty("items").EnumerateArray().ToList();
        Assert.True(lateItems.Count > 0, $"The simulated province has no late dossier in {currentLabel}; the test needs some (raise the volume).");
        var lateNames = lateItems.Select(i => i.GetProperty("unitName").GetString()).OfType<string>().Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(lateNames);

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1800 },
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        context.SetDefaultTimeout(15_000);

        // The page picks its default period from the browser's clock: the host's, pinned, not today's.
        await context.Clock.InstallAsync(new ClockInstallOptions { TimeDate = host.Now.UtcDateTime });

        // Everything the page does, for the checks at the end: no request leaves the host, no CSP violation, no script error.
        var foreign = new ConcurrentQueue<string>();
        await context.RouteAsync("**/*", route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == host.BaseAddress.Host && url.Port == host.BaseAddress.Port)
            {
                return route.ContinueAsync();
            }

            foreign.Enqueue(route.Request.Url);
            return route.AbortAsync();
        });
        var page = await context.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        var pageErrors = new ConcurrentQueue<string>();
        page.Console += (_, m) => console.Enqueue($"{m.Type}: {m.Text}");
        page.PageError += (_, e) => pageErrors.Enqueue(e);

        var response = await page.GotoAsync("/");
        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.Equal(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            headers.GetValueOrDefault("content-security-policy"));
        Assert.Equal("nosniff", headers.GetValueOrDefault("x-content-type-options"));

        // 1. The province total: shown, a number of 0..100, the root unit's total of /api/scores.
        var total = page.GetByTestId("province-total");
        await Expect(total).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(total).Not.ToHaveTextAsync(new Regex(@"^\s*[—-]?\s*$"));
        await AssertProvinceTotalAsync(host, page, currentLabel, rootId);
        await Expect(page.Locator("h2").First).ToContainTextAsync(root.GetProperty("name").GetString()!);
        await Expect(page.Locator("[data-testid^='bar-']")).ToHaveCountAsync(6);

        // 2. A late unit by name in the late-dossier table.
        var rows = page.GetByTestId("late-row");
        await Expect(rows.First).ToBeVisibleAsync();
        var rowTexts = await rows.AllInnerTextsAsync();
        var named = lateNames.Where(n => rowTexts.Any(r => r.Contains(n, StringComparison.Ordinal))).ToList();
        Assert.True(named.Count > 0,
            $"No late-dossier row names a unit of /api/late-dossiers ({string.Join(", ", lateNames.Take(5))}…). Rows:\n{string.Join('\n', rowTexts.Take(5))}");
        output.WriteLine($"late units shown: {string.Join(", ", named.Take(5))}");

        // Wait for every panel (trend, targets, due soon, status) before the picture.
        await Expect(page.Locator("main .msg-loading")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("status-caught-up")).ToBeVisibleAsync();
        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        var artifact = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshot-dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        await File.WriteAllBytesAsync(artifact, screenshot);
        output.WriteLine($"screenshot: {artifact} ({screenshot.Length / 1024} KiB)");

        // The README's picture is refreshed on request only, so a test run leaves the tree clean:
        // SERVICEINDEX_UPDATE_SCREENSHOT=1 ./test.sh --filter DashboardBrowserTests
        if (Environment.GetEnvironmentVariable("SERVICEINDEX_UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(RepositoryRoot(), "docs", "screenshot-dashboard.png");
            await File.WriteAllBytesAsync(docs, await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false, Type = ScreenshotType.Png }));
        }

        // 2b. Where the month ends if nobody acts, under the total; the trend card's day-by-day view with the change since yesterday.
        await OutlookAsync(host, page, rootId);

        // 2c. The leadership report from the rankings tab's "In báo cáo", printed by the browser to one A4 landscape page.
        await LeadershipReportAsync(host, page);
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("province-total")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // 3. The period picker: the previous month, in the URL and on the page.
        var previous = PreviousMonth(currentLabel);
        var previousText = $"Tháng {previous[5..]}/{previous[..4]}";
        await Expect(page.GetByTestId("period-kind")).ToHaveValueAsync("month");
        await page.GetByTestId("period-value").FillAsync(previous);
        await page.GetByTestId("period-apply").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"[?&]period={Regex.Escape(previous)}(&|$)"));
        await Expect(page.Locator("section.province h2")).ToContainTextAsync(previousText);
        await Expect(page.GetByTestId("period-value")).ToHaveValueAsync(previous);
        await Expect(page).ToHaveTitleAsync(new Regex(Regex.Escape(previousText)));
        await AssertProvinceTotalAsync(host, page, previous, rootId);

        // Back with the browser's history: the current month again.
        await page.GoBackAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("period="));
        await Expect(page.Locator("section.province h2")).ToContainTextAsync($"Tháng {currentLabel[5..]}/{currentLabel[..4]}");

        // 4. The unit view's drill-downs, held against the API: procedures, handling time, change against the previous month,
        //    Excel exports, comparison.
        await DrillDownAsync(host, page, currentLabel);

        // 5. The Scalar API reference runs under its own policy (nonce on its inline script, no CDN, no web fonts).
        var scalar = await page.GotoAsync("/scalar/");
        Assert.NotNull(scalar);
        var scalarPolicy = (await scalar.AllHeadersAsync()).GetValueOrDefault("content-security-policy") ?? "";
        Assert.Matches(@"script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+';", scalarPolicy);
        Assert.Contains("frame-ancestors 'none'", scalarPolicy, StringComparison.Ordinal);
        await Expect(page.GetByText("/api/scores").First).ToBeAttachedAsync(new() { Timeout = 20_000 });

        Assert.True(foreign.IsEmpty, $"The dashboard or the API reference requested other hosts: {string.Join(", ", foreign)}");
        var violations = console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(violations.Count == 0, $"CSP violations:\n{string.Join('\n', violations)}");
        Assert.True(pageErrors.IsEmpty, $"Script errors on the page:\n{string.Join('\n', pageErrors)}");
        output.WriteLine($"done in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task DrillDownAsync(DashboardHost host, IPage page, string month)
    {
        // Today's map has no districts: the busiest ward or commune.
        var communes = await host.GetJsonAsync($"api/scores?period={month}&level=commune");
        var ward = communes.GetProperty("units").EnumerateArray()
            .OrderByDescending(u => u.GetProperty("indicators").GetProperty("P1").GetProperty("denominator").GetInt64()).First();
        var unitId = ward.GetProperty("unitId").GetString()!;
        var procedures = (await host.GetJsonAsync($"api/procedures?period={month}&unitId={unitId}")).GetProperty("procedures").EnumerateArray().ToList();
        var byName = (await host.GetJsonAsync($"api/procedures?period={month}&unitId={unitId}&sort=name")).GetProperty("procedures").EnumerateArray().ToList();
        var handling = (await host.GetJsonAsync($"api/handling-times?period={month}&unitId={unitId}")).GetProperty("handlingTime");

        await page.GotoAsync($"/?tab=unit&unit={Uri.EscapeDataString(unitId)}&period={month}");
        var rows = page.GetByTestId("procedure-row");
        await Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(rows).ToHaveCountAsync(Math.Min(20, procedures.Count));
        await Expect(page.Locator(".procedure-table thead th[data-group]")).ToHaveCountAsync(5);
        await Expect(rows.First).ToHaveAttributeAsync("data-procedure-id", procedures[0].GetProperty("procedureId").GetString() ?? "");
        var median = handling.GetProperty("medianDays");
        await Expect(page.GetByTestId("handling-time")).ToHaveAttributeAsync("data-median", DataDecimal(median));
        await Expect(page.GetByTestId("handling-time").Locator("dd").First).ToHaveTextAsync(Days(median));
        var delta = ward.GetProperty("scoreDelta");
        await Expect(page.GetByTestId("unit-delta")).ToHaveAttributeAsync("data-value", DataDecimal(delta.GetProperty("total")));
        await Expect(page.GetByTestId("group-deltas")).ToContainTextAsync($"So với kỳ {delta.GetProperty("previousPeriod").GetString()}");
        await Expect(page.Locator("main .msg-loading")).ToHaveCountAsync(0);

        // The national portal's figure of this unit (the stand-in's progress tree, read by run at start, no admin action) beside ours.
        var reconciliation = await host.GetJsonAsync($"api/reconciliation?period={month}&unitId={unitId}");
        var score = reconciliation.GetProperty("units")[0].GetProperty("figures").EnumerateArray().First(f => f.GetProperty("figure").GetString() == "progress.score");
        await Expect(page.GetByTestId("reconciliation-line")).ToContainTextAsync(
            $"Cổng quốc gia: {Points(score.GetProperty("portal"))} · ServiceIndex: {Points(score.GetProperty("ours"))}");

        // The README's picture of the procedure drill-down, on request only (as the dashboard's).
        var panel = page.Locator("section.procedures-panel");
        var picture = await panel.ScreenshotAsync(new LocatorScreenshotOptions { Type = ScreenshotType.Png });
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshot-procedures.png"), picture);
        if (Environment.GetEnvironmentVariable("SERVICEINDEX_UPDATE_SCREENSHOT") == "1")
        {
            await File.WriteAllBytesAsync(Path.Combine(RepositoryRoot(), "docs", "screenshot-procedures.png"), picture);
        }

        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshot-unit.png"),
            await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png }));

        // Sorting by a header and keeping one group go through the URL to the API.
        await page.Locator("[data-psort='name']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("[?&]psort=name(&|$)"));
        await Expect(rows.First).ToHaveAttributeAsync("data-procedure-id", byName[0].GetProperty("procedureId").GetString() ?? "");
        await page.GetByTestId("procedure-group").SelectOptionAsync("progress");
        await Expect(page).ToHaveURLAsync(new Regex("[?&]group=progress(&|$)"));
        await Expect(page.Locator(".procedure-table thead th[data-code]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".procedure-table thead th[data-code]")).ToContainTextAsync("P1");
        var progress = (await host.GetJsonAsync($"api/procedures?period={month}&unitId={unitId}&group=progress")).GetProperty("procedures").GetArrayLength();
        if (progress > 20)
        {
            await page.GetByTestId("procedure-all").ClickAsync();
            await Expect(rows).ToHaveCountAsync(progress);
        }

        // Excel: the buttons download workbooks the library reads back.
        var scoresXlsx = await page.GetByTestId("scores-xlsx").GetAttributeAsync("href");
        var lateXlsx = await page.GetByTestId("late-xlsx").GetAttributeAsync("href");
        foreach (var (href, sheets) in new[] { (scoresXlsx!, 6), (lateXlsx!, 1) })
        {
            var download = await page.APIRequest.GetAsync(href);
            Assert.Equal(200, download.Status);
            using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await download.BodyAsync()));
            Assert.Equal(sheets, workbook.Worksheets.Count);
        }

        // Comparison: from the unit view, two units side by side; a third one added from the picker.
        await page.GetByTestId("compare-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("[?&]tab=compare(&|$)"));
        var columns = page.GetByTestId("compare-unit");
        await Expect(columns).ToHaveCountAsync(2);
        var ids = await columns.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.unitId)");
        var compared = await host.GetJsonAsync($"api/compare?period={month}&unitId={Uri.EscapeDataString(ids[0])}&unitId={Uri.EscapeDataString(ids[1])}");
        var totals = compared.GetProperty("units").EnumerateArray().Select(u => DataDecimal(u.GetProperty("total"))).ToArray();
        Assert.Equal(unitId, ids[0]);
        Assert.Equal(totals, await page.GetByTestId("compare-total").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.value)"));
        await page.GetByTestId("compare-add").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Expect(columns).ToHaveCountAsync(3);
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshot-compare.png"),
            await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png }));
        output.WriteLine($"drill-down of {unitId}: {procedures.Count} procedures, compared with {ids[1]}");
    }

    /// <summary>
    /// The page's province total equals the root's total of /api/scores for the period. Scores are
    /// refreshed every 15 s (open dossiers pass their deadline without an event), so a difference is
    /// given the dashboard's next poll to disappear before it counts.
    /// </summary>
    private async Task OutlookAsync(DashboardHost host, IPage page, string rootId)
    {
        var forecast = await host.GetJsonAsync($"api/forecast?unitId={Uri.EscapeDataString(rootId)}");
        var atEnd = forecast.GetProperty("units").EnumerateArray().Single();
        var line = page.GetByTestId("forecast-line");
        await Expect(line).ToBeVisibleAsync();
        var endTotal = atEnd.GetProperty("atEnd").GetProperty("total").GetDecimal();
        var change = atEnd.GetProperty("change").GetProperty("total").GetDecimal();
        await Expect(line).ToHaveAttributeAsync("data-value", endTotal.ToString("0.00", CultureInfo.InvariantCulture));
        await Expect(line).ToContainTextAsync($"Nếu không xử lý thêm, cuối tháng: {Points(endTotal)} ({Signed(change)})");
        output.WriteLine($"forecast line: {await line.InnerTextAsync()}");

        await page.GetByTestId("trend-view-day").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("[?&]trend=day(&|$)"));
        var trajectory = await host.GetJsonAsync($"api/trajectory?unitId={Uri.EscapeDataString(rootId)}");
        var last = trajectory.GetProperty("points").EnumerateArray().Last();
        var daily = page.GetByTestId("daily-change");
        await Expect(daily).ToBeVisibleAsync();
        await Expect(daily).ToContainTextAsync($"so với hôm qua: {Signed(last.GetProperty("change").GetDecimal())}");
        await Expect(page.Locator("section.trend-panel .daily-svg polyline.trend-line").Last).ToBeVisibleAsync();
        output.WriteLine($"daily view: {await daily.InnerTextAsync()}");

        await page.GetByTestId("trend-view-month").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("trend="));
    }

    private async Task LeadershipReportAsync(DashboardHost host, IPage page)
    {
        // The agencies: a level of today's two-tier map and of the older three-tier one alike.
        await page.GotoAsync("/?tab=rankings&level=agency");
        var link = page.GetByTestId("report-agency");
        await Expect(link).ToHaveTextAsync("In báo cáo");
        var href = await link.GetAttributeAsync("href");
        Assert.NotNull(href);
        Assert.Contains("format=html", href, StringComparison.Ordinal);
        var report = await host.GetJsonAsync("api/reports/leadership?level=agency");
        var rows = report.GetProperty("rows").GetArrayLength();

        var print = await page.Context.NewPageAsync();
        await print.GotoAsync(href);
        await Expect(print.Locator("table.leadership tbody tr")).ToHaveCountAsync(rows);
        await Expect(print.Locator("h1")).ToContainTextAsync("Sở, ban, ngành");
        var pdf = await print.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestResults", "leadership-report.pdf"), pdf);
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        var pages = Regex.Matches(text, @"/Type\s*/Page(?![a-zA-Z])").Count;
        Assert.Equal(1, pages);
        var box = Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(box.Success, "the PDF has no media box");
        var (width, height) = (double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.InRange(width, 841, 843); // A4 landscape: 297 × 210 mm = 841.9 × 595.3 pt
        Assert.InRange(height, 594, 596);
        output.WriteLine($"leadership report: {rows} agencies, {pdf.Length / 1024} KiB PDF, {pages} page {width}×{height} pt");
        await print.CloseAsync();
    }

    /// <summary>Points as the dashboard writes them (vi-VN, up to two decimals).</summary>
    private static string Points(decimal value) => value.ToString("#,##0.##", VietnameseNumbers);

    /// <summary>A change as the dashboard writes it: '+0,12', '−1,42', '0'.</summary>
    private static string Signed(decimal value) => value > 0 ? "+" + Points(value) : value < 0 ? "−" + Points(-value) : "0";

    private static async Task AssertProvinceTotalAsync(DashboardHost host, IPage page, string period, string rootId)
    {
        var total = page.GetByTestId("province-total");
        var deadline = DateTime.UtcNow.AddSeconds(25);
        while (true)
        {
            var shown = await total.GetAttributeAsync("data-value");
            Assert.True(double.TryParse(shown, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), $"province-total data-value is not a number: '{shown}'");
            Assert.InRange(value, 0, 100);
            var api = await host.GetJsonAsync($"api/scores?period={period}&unitId={Uri.EscapeDataString(rootId)}");
            var expected = api.GetProperty("units").EnumerateArray().Single().GetProperty("total").GetDouble();
            if (Math.Abs(value - expected) < 0.005)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The page shows {value} for {period}; /api/scores says {expected}.");
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>A figure of the API as the page's data attributes carry it (format.js <c>dataDecimal</c>): two decimals, invariant.</summary>
    /// <summary>Points as the page shows them (format.js <c>fmtPoints</c>): up to two decimals, Vietnamese separators.</summary>
    private static string Points(JsonElement figure) => figure.GetDecimal().ToString("#,##0.##", VietnameseNumbers);

    private static string DataDecimal(JsonElement figure) => figure.GetDecimal().ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Days of the API as the page shows them (format.js <c>fmtDays</c>): one decimal whatever the value, Vietnamese separators.</summary>
    private static string Days(JsonElement figure) => figure.GetDecimal().ToString("#,##0.0", VietnameseNumbers) + " ngày";

    private static string PreviousMonth(string label)
    {
        var month = DateOnly.ParseExact(label + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(-1);
        return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceIndex.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ServiceIndex.sln not found above the test output.");
    }
}

/// <summary>
/// Runs alone, after the parallel tests: <c>run</c>'s embedded Azurite prefers the ports 10000–10002 and two
/// hosts starting at the same moment can both pick them, the loser then talking to the winner's Azurite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloHostCollection
{
    public const string Name = "serviceindex run, alone";
}
