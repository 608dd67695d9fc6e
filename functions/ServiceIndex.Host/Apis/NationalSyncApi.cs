using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Pipeline.NationalSync;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// The national sync format received as the portal receives it (<c>national-portal.md</c> §1): a thin mapping over
/// <see cref="DvcqgReceiver"/>, which the Functions app calls the same way. Every answer is HTTP 200 with the protocol's
/// <c>error_code</c>, as the portal answers (the province's sync module reads <c>error_code</c>); only the rate limiter
/// answers 429 on its own.
/// </summary>
internal static class NationalSyncApi
{
    public const string Tag = "National sync (DVCQG)";

    public static RouteGroupBuilder MapNationalSyncApi(this RouteGroupBuilder api)
    {
        api.MapPost("/dvcqg/auth", AuthenticateAsync).WithName("DvcqgAuth").WithTags(Tag)
            .WithSummary("Log in as the province's sync module: { username, password } → { error_code: 0, session }")
            .WithDescription("Credentials are Dvcqg:Username and Dvcqg:Password. error_code 1: wrong username or password; 2: the push is off " +
                             "(no credentials configured); 4: not a JSON object with both strings; 5: body too large. Rate-limited like the admin routes.")
            .Accepts<DvcqgAuthRequest>("application/json");
        api.MapPost("/dvcqg", ReceiveAsync).WithName("DvcqgPush").WithTags(Tag)
            .WithSummary("The province's push: { session, madonvi, service: \"DongBoHoSoMC\", isUpdating, data: [dossiers] } → { error_code, message, result }")
            .WithDescription("error_code 0 only once the raw body is archived and its dossiers queued for applying; result says how many dossiers " +
                             "were taken and which were not (MaHoSo, reason, field). Other services are archived and not applied. error_code 3: no valid " +
                             "session; 4: body not JSON or without service/data; 5: too large; 6: storage failed, send again. Nothing is stored unless 0.")
            .Accepts<DvcqgPushRequest>("application/json");
        return api;
    }

    private static async Task<Ok<DvcqgAuthResponse>> AuthenticateAsync(DvcqgReceiver receiver, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await receiver.AuthenticateAsync(request.Body, request.ContentLength, ct).ConfigureAwait(false));

    private static async Task<Ok<DvcqgResponse>> ReceiveAsync(DvcqgReceiver receiver, HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await receiver.ReceiveAsync(request.Body, request.ContentLength, ct).ConfigureAwait(false));

    /// <summary>The login body, for the OpenAPI document (the handler reads the raw body itself).</summary>
    internal sealed record DvcqgAuthRequest(string Username, string Password);

    /// <summary>The push body, for the OpenAPI document: <c>data</c> holds dossiers of national-portal.md §1.</summary>
    internal sealed record DvcqgPushRequest(string Session, string? Madonvi, string Service, string? IsUpdating, System.Text.Json.JsonElement[]? Data);
}
