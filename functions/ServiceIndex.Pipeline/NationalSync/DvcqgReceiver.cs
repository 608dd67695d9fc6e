using System.Globalization;
using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.NationalSync;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.NationalSync;

/// <summary>
/// The national sync format received as the portal receives it (<c>national-portal.md</c> §1), for any HTTP host:
/// <c>POST /api/dvcqg/auth</c> (<see cref="AuthenticateAsync"/>) and <c>POST /api/dvcqg</c> (<see cref="ReceiveAsync"/>).
/// A call is answered <c>error_code: 0</c> only once its raw body is archived in <c>feed-archive</c> and its dossiers are
/// queued on <c>changes</c>, exactly like a pulled feed page: the sender's retry is the only retry needed. The apply maps
/// the archived body again (the same pure <see cref="NationalSyncMapping"/>), so the replay rebuilds pushed dossiers too.
/// </summary>
public sealed partial class DvcqgReceiver(
    PipelineStorage storage,
    DvcqgSessions sessions,
    IOptionsMonitor<DvcqgOptions> options,
    IOptions<PipelineOptions> pipeline,
    TimeProvider time,
    ILogger<DvcqgReceiver> logger,
    PipelineTriggers? triggers = null)
{
    /// <summary><c>{ "username", "password" }</c> → <c>{ "error_code": 0, "session" }</c>, or a non-zero code and why.</summary>
    public async Task<DvcqgAuthResponse> AuthenticateAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var read = await RequestBody.ReadAsync(body, contentLength, settings.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!read.IsOk)
        {
            return new DvcqgAuthResponse(DvcqgErrorCodes.TooLarge, read.Problem!.Detail ?? read.Problem.Title);
        }

        if (!TryReadCredentials(read.Value, out var username, out var password))
        {
            return new DvcqgAuthResponse(DvcqgErrorCodes.BadRequest, "The body must be a JSON object with username and password (strings).");
        }

        if (!settings.Enabled)
        {
            return new DvcqgAuthResponse(DvcqgErrorCodes.NotConfigured, "No Dvcqg:Username and Dvcqg:Password are configured: the push is off.");
        }

        // Both compared, in constant time, whatever the first gives: the answer's timing says nothing about either.
        var user = AdminCredentials.Check(username, settings.Username);
        var secret = AdminCredentials.Check(password, settings.Password);
        if (user != AdminAccess.Granted || secret != AdminAccess.Granted)
        {
            LogRefused(logger);
            return new DvcqgAuthResponse(DvcqgErrorCodes.WrongCredentials, "Wrong username or password.");
        }

        var session = sessions.Issue(settings.Username!, settings.Password!, settings.SessionLifetime);
        return new DvcqgAuthResponse(DvcqgErrorCodes.Ok, string.Create(CultureInfo.InvariantCulture,
            $"Session valid for {settings.SessionLifetime.TotalMinutes:0} minutes."), session);
    }

    /// <summary><c>{ "session", "madonvi", "service", "isUpdating", "data" }</c> → <c>{ "error_code", "message", "result" }</c>.</summary>
    public async Task<DvcqgResponse> ReceiveAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var read = await RequestBody.ReadAsync(body, contentLength, settings.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!read.IsOk)
        {
            return new DvcqgResponse(DvcqgErrorCodes.TooLarge, $"{read.Problem!.Detail} Nothing was stored.");
        }

        var bytes = read.Value;
        using var payload = NationalSyncPayload.TryParse(bytes, out var error);
        if (payload is null)
        {
            return new DvcqgResponse(DvcqgErrorCodes.BadRequest, $"{error} Nothing was stored.");
        }

        if (!settings.Enabled)
        {
            return new DvcqgResponse(DvcqgErrorCodes.NotConfigured, "No Dvcqg:Username and Dvcqg:Password are configured: the push is off. Nothing was stored.");
        }

        if (!sessions.IsValid(payload.Session, settings.Username!, settings.Password!))
        {
            return new DvcqgResponse(DvcqgErrorCodes.InvalidSession,
                "The session is missing, unknown or expired: log in again at /api/dvcqg/auth. Nothing was stored.");
        }

        var dossiers = payload.Dossiers(settings.Mapping);
        var blob = NationalSyncArchive.BlobName(time.GetUtcNow(), bytes);
        try
        {
            await StoreAsync(blob, bytes, payload.Count, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            LogNotStored(logger, ex.Status, blob);
            return new DvcqgResponse(DvcqgErrorCodes.NotStored, "Storage is unavailable; nothing may be assumed stored: send the call again.");
        }

        var notTaken = dossiers.Where(d => d.Outcome != NationalSyncOutcome.Mapped).Select(NotTaken).ToList();
        var result = new DvcqgResult(payload.Service, payload.Count, dossiers.Count - notTaken.Count, notTaken, blob);
        LogStored(logger, payload.Service, result.Received, result.Taken, blob);
        var message = payload.CarriesDossiers
            ? string.Create(CultureInfo.InvariantCulture, $"Stored: {result.Taken} of {result.Received} dossiers taken.")
            : $"Stored: {payload.Service} is archived; only DongBoHoSoMC changes the scores.";
        return new DvcqgResponse(DvcqgErrorCodes.Ok, message, result);
    }

    /// <summary>Archive first, then queue the dossiers (by reference to the blob), as a pull stores a page.</summary>
    private async Task StoreAsync(string blob, byte[] bytes, int count, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await storage.Archive.GetBlobClient(blob).UploadAsync(new BinaryData(bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
        var batch = pipeline.Value.BatchSize;
        var messages = new List<WorkMessage>();
        for (var offset = 0; offset < count; offset += batch)
        {
            messages.Add(new WorkMessage(blob, offset, Math.Min(batch, count - offset)));
        }

        await Task.WhenAll(messages.Select(m => storage.Changes.SendMessageAsync(m.ToBinaryData(), visibilityTimeout: null,
            timeToLive: TimeSpan.FromSeconds(-1), cancellationToken))).ConfigureAwait(false);
        if (messages.Count > 0)
        {
            triggers?.WorkQueued.Raise();
        }
    }

    private static DvcqgNotTaken NotTaken(NationalSyncDossier d) => d.Outcome == NationalSyncOutcome.NotReceived
        ? new DvcqgNotTaken(d.Index, d.Code, "NotReceived", "TrangThaiHoSo", d.Reason!)
        : new DvcqgNotTaken(d.Index, d.Code, d.Rejection!.Reason.ToString(), d.Rejection.Field, d.Rejection.Message);

    private static bool TryReadCredentials(byte[] body, out string? username, out string? password)
    {
        username = password = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("username", out var u) || u.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("password", out var p) || p.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            username = u.GetString();
            password = p.GetString();
            return !string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(password);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "National sync login refused: wrong username or password")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "National sync {Service}: {Received} dossiers, {Taken} taken; archived as {Blob} and queued")]
    private static partial void LogStored(ILogger logger, string service, int received, int taken, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "National sync call not stored (storage status {Status}); the sender was told to retry ({Blob})")]
    private static partial void LogNotStored(ILogger logger, int status, string blob);
}
