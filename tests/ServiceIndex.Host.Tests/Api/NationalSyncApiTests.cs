using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Core.NationalSync;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>
/// <c>POST /api/dvcqg/auth</c> and <c>POST /api/dvcqg</c> on the real host over Kestrel and Azurite: a pushed dossier is archived,
/// queued, applied and scored exactly as the equivalent feed record is by the offline score book; refused calls store nothing.
/// Each scoring test pushes dossiers of its own commune and compares that commune's scores.
/// </summary>
public sealed class NationalSyncApiTests(NationalSyncHost host) : IClassFixture<NationalSyncHost>
{
    private static readonly Period November = Period.MonthOf(new DateOnly(2026, 11, 1));

    /// <summary>A dossier as opencps-v2 pushes it: codes as strings, empty times as "".</summary>
    private static JsonObject Dossier(string code, string unit, string status, string received, string due, string end = "",
        string channel = "2", string procedure = "1.001612") => new()
    {
        ["MaHoSo"] = code,
        ["MaTTHC"] = procedure,
        ["DonViXuLy"] = unit,
        ["NgayTiepNhan"] = received,
        ["NgayHenTra"] = due,
        ["NgayKetThucXuLy"] = end,
        ["NgayTra"] = "",
        ["TrangThaiHoSo"] = status,
        ["KenhThucHien"] = channel,
        ["TaiLieuNop"] = new JsonArray(),
        ["DanhSachLePhi"] = new JsonArray(),
        ["DanhSachHoSoBoSung"] = new JsonArray(),
        ["DanhSachGiayToKetQua"] = new JsonArray(),
    };

    /// <summary>The equivalent feed record of a pushed dossier (the mapping is tested on its own in the Core tests).</summary>
    private static ChangeRecord Equivalent(JsonObject dossier) =>
        NationalSyncMapping.Map(JsonDocument.Parse(dossier.ToJsonString()).RootElement, 0, "000.00.00.H47",
            new NationalSyncMappingOptions { PopulationDatabaseCodes = ["CSDLDC"] }).Record!;

    /// <summary>The commune's stored scores equal the offline score book's over the catalogue and <paramref name="dossiers"/>.</summary>
    private async Task AssertScoredLikeTheFeedAsync(string unit, params JsonObject[] dossiers)
    {
        var book = new PeriodScoreBook(November, host.Clock.Now);
        foreach (var record in host.Catalogue.Concat(dossiers.Select(Equivalent)))
        {
            book.Apply(record);
        }

        var expected = book.Document().Units.Single(u => u.UnitId == unit);
        var stored = await host.Services.GetRequiredService<ScoresQuery>().GetAsync(November, unitId: unit);
        Assert.NotNull(stored);
        Assert.Equal(JsonSerializer.Serialize(expected, PipelineJson.Options), JsonSerializer.Serialize(stored.Units.Single(), PipelineJson.Options));
    }

    [Fact]
    public async Task Login_with_the_configured_credentials_answers_a_session()
    {
        var answer = await host.LoginAsync();

        Assert.Equal(0, answer.GetProperty("error_code").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("session").GetString()));
    }

    [Fact]
    public async Task Login_with_a_wrong_password_answers_a_non_zero_error_code_and_no_session()
    {
        var answer = await host.LoginAsync(password: "not-the-password");

        Assert.Equal(1, answer.GetProperty("error_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("session").ValueKind);
        Assert.Contains("Wrong username or password", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_past_its_lifetime_is_refused_and_the_push_stores_nothing()
    {
        var session = await host.SessionAsync();
        var before = await host.StoredAsync();
        host.Clock.Now = NationalSyncHost.Start.AddMinutes(30);
        try
        {
            var answer = await host.PostAsync("api/dvcqg", NationalSyncHost.Body(session,
                [Dossier("EXP-1", "c5", "4", "20261118090000", "20261125170000")]));

            Assert.Equal(3, answer.GetProperty("error_code").GetInt32());
            Assert.Equal(before, await host.StoredAsync());
        }
        finally
        {
            host.Clock.Now = NationalSyncHost.Start;
        }
    }

    [Fact]
    public async Task A_session_within_its_lifetime_is_accepted()
    {
        var session = await host.SessionAsync();
        host.Clock.Now = NationalSyncHost.Start.AddMinutes(29);
        try
        {
            var answer = await host.PostAsync("api/dvcqg", NationalSyncHost.Body(session, [], service: "LayDanhMucCoQuan"));

            Assert.Equal(0, answer.GetProperty("error_code").GetInt32());
        }
        finally
        {
            host.Clock.Now = NationalSyncHost.Start;
        }
    }

    [Fact]
    public async Task A_real_shaped_push_is_stored_and_scored_like_the_equivalent_feed_records()
    {
        var late = Dossier("C1-LATE", "c1", "10", "20261102080000", "20261105170000", end: "20261109100000");
        late["DanhSachLePhi"] = new JsonArray(new JsonObject { ["TenPhiLePhi"] = "Lệ phí", ["Gia"] = "0" });
        late["DuocThanhToanTrucTuyen"] = "";
        late["DanhSachGiayToKetQua"] = new JsonArray(new JsonObject { ["DuongDanTepTinKetQua"] = "https://kq/1.pdf" });
        var onTime = Dossier("C1-ONTIME", "c1", "9", "20261110080000", "20261114170000", end: "20261112100000", channel: "", procedure: "2.000001");
        onTime["DanhSachLePhi"] = new JsonArray(new JsonObject { ["Gia"] = 50000 });
        onTime["DuocThanhToanTrucTuyen"] = "2";
        onTime["TaiKhoanDuocXacThucVoiVNeID"] = "1";
        var awaiting = Dossier("C1-SUPPL", "c1", "5", "20261116080000", "20261119170000");
        awaiting["DanhSachHoSoBoSung"] = new JsonArray(new JsonObject { ["NgayBoSung"] = "20261117090000", ["NgayTiepNhanBoSung"] = "" });
        awaiting["TaiLieuNop"] = new JsonArray(new JsonObject { ["DuocSoHoa"] = "1", ["DuocTaiSuDung"] = "1" });
        var overdue = Dossier("C1-OPEN", "c1", "4", "20261103080000", "20261110170000", channel: "3");
        overdue["DSKetNoiCSDL"] = new JsonArray(new JsonObject { ["MaCSDL"] = "CSDLDC" });

        var answer = await host.PushAsync(late, onTime, awaiting, overdue);
        await host.SettleAsync();

        Assert.Equal((0, 4), (answer.GetProperty("error_code").GetInt32(), answer.GetProperty("result").GetProperty("taken").GetInt32()));
        await AssertScoredLikeTheFeedAsync("c1", late, onTime, awaiting, overdue);
    }

    [Fact]
    public async Task Malformed_dossiers_go_to_the_dead_letters_with_their_field_and_the_rest_is_applied()
    {
        var good = Dossier("C2-GOOD", "c2", "9", "20261102080000", "20261105170000", end: "20261104100000");
        var badDate = Dossier("C2-BADDATE", "c2", "4", "2026-11-02 08:00", "20261105170000");
        var badStatus = Dossier("C2-BADSTATUS", "c2", "12", "20261102080000", "20261105170000");
        var notReceived = Dossier("C2-NEW", "c2", "1", "", "");

        var answer = await host.PushAsync(good, badDate, badStatus, notReceived);
        await host.SettleAsync();

        var result = answer.GetProperty("result");
        Assert.Equal(1, result.GetProperty("taken").GetInt32());
        Assert.Equal(["C2-BADDATE:BadTime:NgayTiepNhan", "C2-BADSTATUS:BadEnumValue:TrangThaiHoSo", "C2-NEW:NotReceived:TrangThaiHoSo"],
            result.GetProperty("notTaken").EnumerateArray().Select(n => $"{n.GetProperty("MaHoSo")}:{n.GetProperty("reason")}:{n.GetProperty("field")}"));
        var letters = await host.Services.GetRequiredService<DeadLettersQuery>().ListAsync(VietnamTime.DayOf(host.Clock.Now));
        Assert.Equal(["C2-BADDATE:BadTime:NgayTiepNhan", "C2-BADSTATUS:BadEnumValue:TrangThaiHoSo"],
            letters.Where(l => l.Id?.StartsWith("C2-", StringComparison.Ordinal) == true).Select(l => $"{l.Id}:{l.Reason}:{l.Field}").Order(StringComparer.Ordinal));
        await AssertScoredLikeTheFeedAsync("c2", good);
    }

    [Fact]
    public async Task A_reordered_older_push_does_not_overwrite_the_newer_state()
    {
        var processing = Dossier("C3-1", "c3", "4", "20261102080000", "20261105170000");
        var completed = Dossier("C3-1", "c3", "9", "20261102080000", "20261105170000", end: "20261104100000");

        await host.PushAsync(completed);
        await host.SettleAsync();
        await host.PushAsync(processing);
        await host.SettleAsync();

        await AssertScoredLikeTheFeedAsync("c3", completed);
    }

    [Fact]
    public async Task A_retried_identical_push_changes_nothing()
    {
        var dossier = Dossier("C4-1", "c4", "9", "20261102080000", "20261105170000", end: "20261106100000");
        var session = await host.SessionAsync();
        var first = await host.PostAsync("api/dvcqg", NationalSyncHost.Body(session, [dossier]));
        await host.SettleAsync();
        var scored = await host.Services.GetRequiredService<ScoresQuery>().GetAsync(November, unitId: "c4");
        var stored = await host.StoredAsync();

        var retry = await host.PostAsync("api/dvcqg", NationalSyncHost.Body(session, [dossier]));
        await host.SettleAsync();

        Assert.Equal(first.GetProperty("result").GetProperty("archive").GetString(), retry.GetProperty("result").GetProperty("archive").GetString());
        Assert.Equal(stored, await host.StoredAsync());
        Assert.Equal(JsonSerializer.Serialize(scored, PipelineJson.Options),
            JsonSerializer.Serialize(await host.Services.GetRequiredService<ScoresQuery>().GetAsync(November, unitId: "c4"), PipelineJson.Options));
        await AssertScoredLikeTheFeedAsync("c4", dossier);
    }

    public static TheoryData<string, int> RefusedBodies => new()
    {
        { "not-json", 4 },
        { "oversized", 5 },
        { "sessionless", 3 },
        { "forged-session", 3 },
        { "no-data", 4 },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task A_refused_push_answers_its_error_code_and_stores_nothing(string kind, int errorCode)
    {
        var session = await host.SessionAsync();
        var dossier = Dossier("C6-1", "c6", "4", "20261102080000", "20261125170000");
        HttpContent body = kind switch
        {
            "not-json" => new StringContent("<HoSo><MaHoSo>C6-1</MaHoSo></HoSo>", Encoding.UTF8, "application/json"),
            "oversized" => NationalSyncHost.Body(session, [.. Enumerable.Repeat(dossier, 400)]),
            "sessionless" => NationalSyncHost.Body(null, [dossier]),
            "forged-session" => NationalSyncHost.Body(session[..^4] + "AAAA", [dossier]),
            _ => JsonContent.Create(new { session, service = "DongBoHoSoMC" }),
        };
        var before = await host.StoredAsync();

        var answer = await host.PostAsync("api/dvcqg", body);

        Assert.Equal(errorCode, answer.GetProperty("error_code").GetInt32());
        Assert.Contains("Nothing was stored", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await host.StoredAsync());
    }

    [Fact]
    public async Task Another_service_is_archived_and_queues_nothing()
    {
        var before = await host.StoredAsync();
        var step = new JsonObject { ["MaHoSo"] = "C5-1", ["NguoiXuLy"] = "cb1", ["ThoiDiemXuLy"] = "20261118090000", ["TrangThai"] = "4" };

        var answer = await host.PostAsync("api/dvcqg", NationalSyncHost.Body(await host.SessionAsync(), [step], service: "CapNhatTienDoHoSoMC"));

        Assert.Equal(0, answer.GetProperty("error_code").GetInt32());
        Assert.Equal((before.Blobs + 1, before.Queued), await host.StoredAsync());
    }

    [Fact]
    public async Task Both_routes_are_in_the_OpenAPI_document()
    {
        using var response = await host.Http.GetAsync(new Uri("openapi/v1.json", UriKind.Relative));
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/dvcqg/auth", out _));
        Assert.True(paths.TryGetProperty("/api/dvcqg", out _));
    }

    [Fact]
    public async Task Logins_beyond_the_admin_permits_of_a_minute_get_429()
    {
        var builder = ApiHost.NewBuilder(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0", ["Storage:ConnectionString"] = host.Azurite.ConnectionString,
            ["Storage:NamePrefix"] = host.Azurite.NewPrefix(), ["Feed:BaseUrl"] = "http://127.0.0.1:9/",
            ["Feed:ApiKey"] = "k", ["Dvcqg:Username"] = "u", ["Dvcqg:Password"] = NationalSyncHost.Password, ["RateLimiting:AdminPermitsPerMinute"] = "2",
        });
        await using var app = Hosting.LocalHost.ComposeWeb(builder);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsJsonAsync("api/dvcqg/auth", new { username = "u", password = "guess-" + i });
            statuses.Add(response.StatusCode);
        }

        await app.StopAsync();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
