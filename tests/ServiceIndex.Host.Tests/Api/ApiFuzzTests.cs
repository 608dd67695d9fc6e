using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Pipeline.Api;
using Xunit.Abstractions;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>
/// A seeded fuzz of malformed requests over every endpoint of the real host (Kestrel, Azurite): bad, huge,
/// Unicode, control-character and OData-injection query values, unknown units, path traversal, wrong methods
/// and content types, oversized and malformed admin bodies with a valid key. Never a 5xx, and a rejected
/// import never touches the ranking stored before it. <c>SERVICEINDEX_FUZZ_REQUESTS</c> sets the count
/// (default 10,000: about half a minute).
/// </summary>
[Collection(ApiHostCollection.Name)]
public sealed class ApiFuzzTests(ApiHost host, ITestOutputHelper output)
{
    private const string FuzzPeriod = "2018";
    private const string Header = "province,transparency,progress,onlineServices,digitisation,satisfaction";

    [Fact]
    public async Task Malformed_requests_to_every_endpoint_get_a_4xx_never_a_5xx_and_rejected_imports_leave_the_stored_ranking_intact()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("SERVICEINDEX_FUZZ_REQUESTS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : 10_000;
        using (var seed = await host.AdminAsync(HttpMethod.Put, $"api/admin/national-ranking?period={FuzzPeriod}",
                   new StringContent($"{Header},isSelf\nĐà Nẵng,17.5,19.9,20.1,19,17.2,\nQuảng Nam,15.25,18,16.5,14.75,16,x\n", Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
        }

        var store = host.Services.GetRequiredService<NationalRankingStore>();
        var before = JsonSerializer.Serialize(await store.GetAsync(FuzzPeriod, CancellationToken.None));
        var units = (await host.GetJsonAsync("api/units")).GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unitId").GetString()!).ToList();
        var requests = new RequestFuzzer(seed: 766, units).Take(count).ToList();

        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (fuzz, ct) =>
        {
            using var request = fuzz.ToRequest();
            int status;
            try
            {
                using var response = await http.SendAsync(request, ct);
                status = (int)response.StatusCode;
                if (status >= 500 || (fuzz.MustBeRejected && status < 400))
                {
                    var body = await response.Content.ReadAsStringAsync(ct);
                    lock (failures)
                    {
                        failures.Add($"{fuzz} → {status}: {body[..Math.Min(300, body.Length)]}");
                    }
                }
            }
            catch (HttpRequestException)
            {
                status = 0; // the server closed a connection it would not read (e.g. a body over the limit): not a 5xx
            }

            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        });

        var after = JsonSerializer.Serialize(await store.GetAsync(FuzzPeriod, CancellationToken.None));
        output.WriteLine($"{requests.Count} requests: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers:\n{string.Join("\n", failures.Take(20))}");
        Assert.Equal(before, after);
        Assert.True(statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value) > requests.Count / 3, "the fuzz hardly reached validation");
    }

    /// <summary>One fuzzed request.</summary>
    private sealed record Fuzz(HttpMethod Method, string Target, byte[]? Body, string? ContentType, string? Key, bool MustBeRejected)
    {
        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(Method, new Uri(Target, UriKind.Relative));
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            if (Key is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", Key);
            }

            return request;
        }

        public override string ToString() =>
            $"{Method} /{(Target.Length > 200 ? Target[..200] + "…" : Target)}{(Body is null ? "" : $" ({Body.Length} bytes {ContentType})")}";
    }

    /// <summary>A deterministic stream of malformed requests.</summary>
    private sealed class RequestFuzzer(int seed, IReadOnlyList<string> units)
    {
        private static readonly string[] GetPaths =
        [
            "api/units", "api/scores", "api/rankings", "api/late-dossiers", "api/due-soon", "api/target", "api/trend", "api/status",
            "api/dead-letters", "api/procedures", "api/handling-times", "api/compare", "api/reconciliation", "openapi/v1.json",
        ];

        private static readonly string[] OddPaths =
        [
            "api/scores/", "api/scores/../units", "api/%2e%2e/%2e%2e/etc/passwd", "api/..%2F..%2Fappsettings.json", "api/units%00", "api/unknown",
            "api/admin", "api/admin/", "api/admin/../scores", "api//scores", "api/scores%2F..%2Funits", "api/late-dossiers.csv", "api/Scores",
            "..%2F..%2F..%2Fetc%2Fpasswd", "index.html%00.json", "api/admin/recompute/extra", "api/%u0073cores", "api/feed/notify", "api/feed/notify/",
        ];

        private static readonly string[] Parameters =
        [
            "period", "level", "unitId", "field", "sort", "order", "limit", "offset", "format", "days", "months", "day", "$filter", "unitid",
            "PartitionKey", "x", "group", "unitId", "unitId",
        ];

        private static readonly string[] Injections =
        [
            "' or 1 eq 1 or ''='", "x' or PartitionKey ne '", "PartitionKey eq 'b00'", "') or (RowKey gt '", "%27", "'", "''", "\"", "/", "\\", "#", "?",
            "qna/../x", "qna\\x", "qna#x", "qna?x", "a'b", "$filter=PartitionKey ne ''", "*", "%", "%%", "%2F", "..", "../..", "<script>alert(1)</script>",
            "${jndi:ldap://x}", "{{7*7}}", "; DROP TABLE scores", "\u0000", "\u001f", "\r\nX-Injected: 1", "\t", "\u202e", "\uFEFF", "\uD83D\uDE00",
            "Tỉnh Quảng Nam", "xã Đại Hiệp", "ḁ̵̡̛", "\u00A0", "１２３",
        ];

        private static readonly string[] Numbers =
        [
            "-1", "0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1e309", "NaN", "Infinity", "0x10", "1.5", "١٢",
            "+5", " 5", "5 ", "", "00000000000000000000001",
        ];

        private static readonly string[] Periods =
        [
            "2024", "2024-Q2", "2024-05", "2024-04-17..2024-05-07", "2024-13", "2024-Q5", "2024-Q0", "0000", "9999", "99999", "-2024", "2024-02-30..2024-03-01",
            "2024-05-07..2024-04-17", "1900-01-01..2100-12-31", "2024-1", "2024-05-..", "..", "2024-W10", "2024-05-01T00:00:00", "current", "2018",
        ];

        private readonly Random _random = new(seed);

        public IEnumerable<Fuzz> Take(int count)
        {
            for (var i = 0; i < count; i++)
            {
                yield return (_random.Next(10)) switch
                {
                    < 6 => Query(),
                    6 => Odd(),
                    7 => WrongMethod(),
                    _ => Admin(),
                };
            }
        }

        private Fuzz Query()
        {
            var path = Pick(GetPaths);
            var query = new StringBuilder();
            var parameters = _random.Next(0, 5);
            for (var p = 0; p < parameters; p++)
            {
                query.Append(query.Length == 0 ? '?' : '&');
                query.Append(Uri.EscapeDataString(Pick(Parameters)));
                if (_random.Next(12) != 0)
                {
                    query.Append('=').Append(Encode(Value()));
                }
            }

            return new Fuzz(HttpMethod.Get, path + query, null, null, null, false);
        }

        private string Value() => _random.Next(8) switch
        {
            0 => Pick(Injections),
            1 => Pick(Numbers),
            2 => Pick(Periods),
            3 => Pick(units) + (_random.Next(2) == 0 ? "" : Pick(Injections)),
            4 => new string((char)_random.Next(0x20, 0x7f), _random.Next(1, 3000)),
            5 => string.Concat(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => (char)_random.Next(0, 0xD7FF))),
            6 => Pick(["province", "agency", "district", "commune", "PROVINCE", "country", "csv", "json", "xml", "xlsx", "progress", "T1", "asc", "desc", "daysLate"]),
            _ => "unknown-" + _random.Next(),
        };

        /// <summary>Percent-encodes, sometimes leaving characters raw that a sloppy client would send as they are.</summary>
        private string Encode(string value) =>
            _random.Next(6) == 0 ? value.Replace("&", "%26", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal) : Uri.EscapeDataString(value);

        private Fuzz Odd() => new(_random.Next(3) == 0 ? HttpMethod.Post : HttpMethod.Get, Pick(OddPaths), null, null,
            _random.Next(2) == 0 ? ApiHost.AdminKey : null, false);

        private Fuzz WrongMethod()
        {
            var method = Pick([HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Put, HttpMethod.Post, new HttpMethod("PROPFIND"), HttpMethod.Trace]);
            var body = _random.Next(2) == 0 ? Encoding.UTF8.GetBytes("{\"a\":1}") : null;
            return new Fuzz(method, Pick(GetPaths), body, body is null ? null : "application/json", _random.Next(2) == 0 ? ApiHost.AdminKey : null, false);
        }

        private Fuzz Admin()
        {
            switch (_random.Next(6))
            {
                case 0:
                    // recompute and replay without or with a wrong key (with the right one they rebuild: not fuzz material)
                    return new Fuzz(HttpMethod.Post, Pick(["api/admin/recompute", "api/admin/replay"]), null, null,
                        Pick<string?>([null, "", "wrong", "TEST-ADMIN-KEY", "test-admin-key2", new string('k', 5000), "test-admin-ke\u0000y"]), true);
                case 1:
                    return new Fuzz(HttpMethod.Get, Pick(["api/admin/recompute", "api/admin/replay", "api/admin/national-ranking"]), null, null, ApiHost.AdminKey, true);
                default:
                    var (body, type) = RankingBody();
                    var query = _random.Next(4) switch
                    {
                        0 => "",
                        1 => "?period=" + Encode(Pick(Periods.Where(p => p != FuzzPeriod).ToArray())),
                        _ => "?period=" + FuzzPeriod,
                    };
                    return new Fuzz(_random.Next(10) == 0 ? HttpMethod.Post : HttpMethod.Put, "api/admin/national-ranking" + query, body, type,
                        ApiHost.AdminKey, true);
            }
        }

        /// <summary>A national-ranking body that is always invalid (so a correct host never stores it).</summary>
        private (byte[] Body, string? ContentType) RankingBody()
        {
            var csv = new StringBuilder($"{Header},isSelf\n");
            var rows = _random.Next(1, 30);
            var bad = _random.Next(rows);
            for (var r = 0; r < rows; r++)
            {
                var cells = new[] { $"Tỉnh {r}", "15", "18", "16.5", "14.75", "16", r == 0 ? "x" : "" };
                if (r == bad)
                {
                    cells[_random.Next(1, 6)] = Pick(["abc", "1e999", "NaN", "--1", "\"unterminated", "12.5.3", "1,5", "\u0000", "∞", "99999"]);
                }

                csv.AppendLine(string.Join(',', cells));
            }

            return _random.Next(9) switch
            {
                0 => (Encoding.UTF8.GetBytes(csv.ToString()), Pick<string?>(["text/csv", null, "text/plain", "text/csv; charset=utf-8"])),
                1 => (Encoding.UTF8.GetBytes(csv.ToString()), Pick<string?>(["text/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png", ";;;", "application/json"])),
                2 => (Encoding.UTF8.GetBytes("{\"period\":\"2018\",\"provinces\":[{\"province\":\"A\",\"groups\":{\"transparency\":\"x\"}}" + (_random.Next(2) == 0 ? "]}" : "")), "application/json"),
                3 => (Encoding.UTF8.GetBytes(Pick(["{", "[]", "null", "\"text\"", "{\"provinces\":null}", "{\"period\":2018}", "{\"provinces\":[1,2]}", "{{}}"])), "application/json"),
                4 => ([.. Enumerable.Range(0, _random.Next(1, 4000)).Select(_ => (byte)_random.Next(256))], Pick<string?>(["text/csv", "application/json", null])),
                5 => ([], Pick<string?>(["text/csv", "application/json", null])),
                6 => (Encoding.UTF8.GetBytes(Header + "\n" + new string('9', _random.Next(1, 100_000))), "text/csv"),
                7 when _random.Next(40) == 0 => (new byte[(6 * 1024 * 1024) + _random.Next(1000)], "text/csv"), // over the admin body limit
                _ => (Encoding.UTF8.GetBytes("\uFEFF" + csv.ToString().Replace(",", Pick([";", "\t", ",,"]), StringComparison.Ordinal)), "text/csv"),
            };
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
    }
}
