using System.Text.Json.Serialization;

namespace ServiceIndex.Pipeline.NationalSync;

/// <summary>The <c>error_code</c> values of both routes (0: done). Stable: senders log and branch on them.</summary>
public static class DvcqgErrorCodes
{
    public const int Ok = 0;

    /// <summary>The username or the password is wrong.</summary>
    public const int WrongCredentials = 1;

    /// <summary>No <c>Dvcqg:Username</c>/<c>Dvcqg:Password</c> is configured: the push is off.</summary>
    public const int NotConfigured = 2;

    /// <summary>The session is missing, unknown or expired: log in again.</summary>
    public const int InvalidSession = 3;

    /// <summary>The body is not JSON, not an object, or lacks what the call needs (<c>service</c>, <c>data</c>, credentials).</summary>
    public const int BadRequest = 4;

    /// <summary>The body is larger than <c>Dvcqg:MaxBodyBytes</c>.</summary>
    public const int TooLarge = 5;

    /// <summary>Storage failed before the body was stored: nothing was kept, send it again.</summary>
    public const int NotStored = 6;
}

/// <summary>The answer of <c>POST /api/dvcqg/auth</c>: <c>{ "error_code", "message", "session" }</c>.</summary>
public sealed record DvcqgAuthResponse(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("session")] string? Session = null);

/// <summary>The answer of <c>POST /api/dvcqg</c>: <c>{ "error_code", "message", "result" }</c>; <c>result</c> is null unless stored.</summary>
public sealed record DvcqgResponse(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("result")] DvcqgResult? Result = null);

/// <summary>What a stored call became: how many dossiers were taken for applying, and which were not, with why.</summary>
public sealed record DvcqgResult(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("received")] int Received,
    [property: JsonPropertyName("taken")] int Taken,
    [property: JsonPropertyName("notTaken")] IReadOnlyList<DvcqgNotTaken> NotTaken,
    [property: JsonPropertyName("archive")] string Archive);

/// <summary>
/// A dossier of <c>data</c> that was not taken: <c>reason</c> is a dead-letter reason (<c>BadTime</c>, <c>BadEnumValue</c>,
/// <c>MissingField</c>, …; the dossier is in <c>GET /api/dead-letters</c>) or <c>NotReceived</c> (status 1 or 3: skipped).
/// </summary>
public sealed record DvcqgNotTaken(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("MaHoSo")] string? Code,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("field")] string? Field,
    [property: JsonPropertyName("message")] string Message);
