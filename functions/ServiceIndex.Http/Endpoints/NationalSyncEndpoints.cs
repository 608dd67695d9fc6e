using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.NationalSync;

namespace ServiceIndex.Http.Endpoints;

/// <summary>
/// The national sync format received as the portal receives it (<c>national-portal.md</c> §1), over
/// <see cref="DvcqgReceiver"/>. Every answer is HTTP 200 with the protocol's <c>error_code</c>, as the portal
/// answers (the province's sync module reads <c>error_code</c>); only a rate limiter answers 429 on its own.
/// </summary>
public static class NationalSyncEndpoints
{
    public const string Tag = "National sync (DVCQG)";

    public static readonly ApiEndpoint Authenticate = new("DvcqgAuth", "POST", "api/dvcqg/auth", AuthenticateAsync, b => b.WithTags(Tag)
        .WithSummary("Log in as the province's sync module: { username, password } → { error_code: 0, session }")
        .WithDescription("Credentials are Dvcqg:Username and Dvcqg:Password. error_code 1: wrong username or password; 2: the push is off " +
                         "(no credentials configured); 4: not a JSON object with both strings; 5: body too large. Rate-limited like the admin routes.")
        .Accepts<DvcqgAuthRequest>("application/json"));

    public static readonly ApiEndpoint Push = new("DvcqgPush", "POST", "api/dvcqg", ReceiveAsync, b => b.WithTags(Tag)
        .WithSummary("The province's push: { session, madonvi, service: \"DongBoHoSoMC\", isUpdating, data: [dossiers] } → { error_code, message, result }")
        .WithDescription("error_code 0 only once the raw body is archived and its dossiers queued for applying; result says how many dossiers " +
                         "were taken and which were not (MaHoSo, reason, field). Other services are archived and not applied. error_code 3: no valid " +
                         "session; 4: body not JSON or without service/data; 5: too large; 6: storage failed, send again. Nothing is stored unless 0.")
        .Accepts<DvcqgPushRequest>("application/json"));

    private static async Task<Ok<DvcqgAuthResponse>> AuthenticateAsync(DvcqgReceiver receiver, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await receiver.AuthenticateAsync(request.Body, request.ContentLength, ct).ConfigureAwait(false));

    private static async Task<Ok<DvcqgResponse>> ReceiveAsync(DvcqgReceiver receiver, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await receiver.ReceiveAsync(request.Body, request.ContentLength, ct).ConfigureAwait(false));

    /// <summary>The login body, for the OpenAPI document (the receiver reads the raw body itself).</summary>
    public sealed record DvcqgAuthRequest(string Username, string Password);

    /// <summary>The push body, for the OpenAPI document: <c>data</c> holds dossiers of national-portal.md §1.</summary>
    public sealed record DvcqgPushRequest(string Session, string? Madonvi, string Service, string? IsUpdating, System.Text.Json.JsonElement[]? Data);
}
