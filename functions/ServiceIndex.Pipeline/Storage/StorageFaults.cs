using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Options;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>What an injected storage fault does to one request attempt.</summary>
public enum StorageFaultKind
{
    /// <summary>503 ServerBusy without reaching the service (throttling).</summary>
    ServerBusy,

    /// <summary>500 InternalError without reaching the service.</summary>
    InternalError,

    /// <summary>The attempt times out before the request reaches the service.</summary>
    TimeoutBeforeSend,

    /// <summary>The service did the work, but the response is lost to a timeout (the SDK retries what already happened).</summary>
    TimeoutAfterSend,

    /// <summary>A conditional table write (If-Match) meets another ETag: the service answers 412 as if another writer had won.</summary>
    EtagConflict,
}

/// <summary>Injected storage faults so far, per kind.</summary>
public sealed record StorageFaultCounts(IReadOnlyDictionary<StorageFaultKind, long> ByKind)
{
    public long Total => ByKind.Values.Sum();
}

/// <summary>
/// Injects faults into storage requests at <see cref="StorageFaultOptions.Rate"/>, by means of an Azure SDK
/// pipeline policy added per retry to the table, blob and queue clients when <c>Storage:Faults:Rate</c> &gt; 0
/// (off by default). Every injected fault is counted and logged at Warning.
/// </summary>
public sealed partial class StorageFaultInjector
{
    /// <summary>An ETag no entity carries: a conditional write with it fails with 412 on the real service.</summary>
    internal const string StaleETag = "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"";

    private static readonly StorageFaultKind[] AllKinds = Enum.GetValues<StorageFaultKind>();

    private readonly StorageFaultOptions _options;
    private readonly ILogger<StorageFaultInjector> _logger;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly long[] _counts = new long[AllKinds.Length];
    private readonly StorageFaultKind[] _kinds;

    public StorageFaultInjector(IOptions<StorageOptions> options, ILogger<StorageFaultInjector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Faults;
        _logger = logger;
        _random = _options.Seed is { } seed ? new Random(seed) : new Random();
        _kinds = _options.Kinds.Count == 0 ? AllKinds : [.. _options.Kinds.Select(k => Enum.Parse<StorageFaultKind>(k, ignoreCase: true))];
    }

    public bool Enabled => _options.Enabled;

    public StorageFaultCounts Injected => new(AllKinds.ToDictionary(k => k, k => Interlocked.Read(ref _counts[(int)k])));

    /// <summary>A policy to add at <see cref="HttpPipelinePosition.PerRetry"/>, so that SDK retries meet faults too.</summary>
    public HttpPipelinePolicy PolicyFor(StorageService service) => new FaultPolicy(this, service);

    /// <summary>Applies <see cref="StorageFaultOptions.ClientRetries"/> and <see cref="StorageFaultOptions.ClientRetryDelay"/> to a client's options.</summary>
    public void ConfigureRetries(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enabled)
        {
            return;
        }

        if (_options.ClientRetries is { } retries)
        {
            options.Retry.MaxRetries = retries;
        }

        if (_options.ClientRetryDelay is { } delay)
        {
            options.Retry.Delay = delay;
        }
    }

    private StorageFaultKind? Draw(StorageService service, HttpMessage message)
    {
        lock (_gate)
        {
            if (!_random.Chance(_options.Rate))
            {
                return null;
            }

            var kind = _kinds[_random.Next(_kinds.Length)];
            return kind == StorageFaultKind.EtagConflict && !(service == StorageService.Table && IsConditional(message))
                ? StorageFaultKind.ServerBusy
                : kind;
        }
    }

    private void Count(StorageFaultKind kind, StorageService service, RequestMethod method)
    {
        Interlocked.Increment(ref _counts[(int)kind]);
        LogInjected(_logger, kind, service, method.Method);
    }

    /// <summary>A table write with a real If-Match (a single entity, or an operation inside a batch).</summary>
    private static bool IsConditional(HttpMessage message) =>
        message.Request.Headers.TryGetValue("If-Match", out var etag) ? etag != "*" : IsBatch(message);

    private static bool IsBatch(HttpMessage message) => message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage fault injected: {Fault} on {Service} {Method}")]
    private static partial void LogInjected(ILogger logger, StorageFaultKind fault, StorageService service, string method);

    private sealed partial class FaultPolicy(StorageFaultInjector injector, StorageService service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, async: true);

        private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            var fault = injector.Draw(service, message);
            switch (fault)
            {
                case null:
                    await NextAsync(message, pipeline, async).ConfigureAwait(false);
                    return;
                case StorageFaultKind.ServerBusy:
                    injector.Count(fault.Value, service, message.Request.Method);
                    message.Response = FaultResponse.Create(service, 503, "ServerBusy", "The server is busy (injected fault).", message.Request.ClientRequestId);
                    return;
                case StorageFaultKind.InternalError:
                    injector.Count(fault.Value, service, message.Request.Method);
                    message.Response = FaultResponse.Create(service, 500, "InternalError", "The server encountered an internal error (injected fault).",
                        message.Request.ClientRequestId);
                    return;
                case StorageFaultKind.TimeoutBeforeSend:
                    injector.Count(fault.Value, service, message.Request.Method);
                    throw new TaskCanceledException("The storage request timed out before it reached the service (injected fault).");
                case StorageFaultKind.TimeoutAfterSend:
                    await NextAsync(message, pipeline, async).ConfigureAwait(false);
                    injector.Count(fault.Value, service, message.Request.Method);
                    throw new TaskCanceledException("The storage response was lost to a timeout after the service handled the request (injected fault).");
                default:
                    if (await StaleAsync(message).ConfigureAwait(false))
                    {
                        await NextAsync(message, pipeline, async).ConfigureAwait(false);
                        if (Conflicted(message.Response))
                        {
                            injector.Count(StorageFaultKind.EtagConflict, service, message.Request.Method);
                        }
                    }
                    else
                    {
                        await NextAsync(message, pipeline, async).ConfigureAwait(false);
                    }

                    return;
            }
        }

        private static ValueTask NextAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            if (async)
            {
                return ProcessNextAsync(message, pipeline);
            }

            ProcessNext(message, pipeline);
            return ValueTask.CompletedTask;
        }

        /// <summary>Replaces the request's (or its batch's first) If-Match with an ETag no entity has.</summary>
        private static async Task<bool> StaleAsync(HttpMessage message)
        {
            var request = message.Request;
            if (request.Headers.TryGetValue("If-Match", out var etag) && etag != "*")
            {
                request.Headers.SetValue("If-Match", StaleETag);
                return true;
            }

            if (request.Content is null)
            {
                return false;
            }

            using var buffer = new MemoryStream();
            await request.Content.WriteToAsync(buffer, message.CancellationToken).ConfigureAwait(false);
            var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var match = IfMatchLine().Match(body);
            if (!match.Success)
            {
                return false;
            }

            body = string.Concat(body.AsSpan(0, match.Groups["etag"].Index), StaleETag, body.AsSpan(match.Groups["etag"].Index + match.Groups["etag"].Length));
            request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
            return true;
        }

        /// <summary>412 on a single request; in a batch, the failed operation's inner 412.</summary>
        private static bool Conflicted(Response response)
        {
            if (response.Status == 412)
            {
                return true;
            }

            if (response.ContentStream is not { CanSeek: true } stream)
            {
                return false;
            }

            var position = stream.Position;
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 4096, leaveOpen: true);
            var text = reader.ReadToEnd();
            stream.Position = position;
            return text.Contains(" 412 ", StringComparison.Ordinal);
        }

        [GeneratedRegex("^If-Match: (?<etag>(?!\\*)[^\\r\\n]+)\\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex IfMatchLine();
    }

    /// <summary>An error response made without the service, shaped as the service's own (code header and body).</summary>
    private sealed class FaultResponse : Response
    {
        private readonly Dictionary<string, string> _headers;
        private readonly byte[] _body;
        private Stream? _content;

        private FaultResponse(int status, string reason, Dictionary<string, string> headers, byte[] body, string clientRequestId)
        {
            Status = status;
            ReasonPhrase = reason;
            _headers = headers;
            _body = body;
            ClientRequestId = clientRequestId;
        }

        public override int Status { get; }

        public override string ReasonPhrase { get; }

        /// <summary>The error body; readable again after a reader closed it (the SDK reads it more than once).</summary>
        public override Stream? ContentStream
        {
            get => _content is { CanRead: true } ? _content : _content = new MemoryStream(_body, 0, _body.Length, writable: false, publiclyVisible: true);
            set => _content = value;
        }

        public override string ClientRequestId { get; set; }

        /// <summary>Set by the transport for real responses; this one never passes through it.</summary>
        public override bool IsError => true;

        public static FaultResponse Create(StorageService service, int status, string code, string message, string clientRequestId)
        {
            var json = service == StorageService.Table;
            var body = json
                ? $"{{\"odata.error\":{{\"code\":\"{code}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"{message}\"}}}}}}"
                : $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>";
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["x-ms-error-code"] = code,
                ["x-ms-client-request-id"] = clientRequestId,
                ["Content-Type"] = json ? "application/json;odata=minimalmetadata;streaming=true;charset=utf-8" : "application/xml",
            };
            return new FaultResponse(status, status == 503 ? "Service Unavailable" : "Internal Server Error", headers, Encoding.UTF8.GetBytes(body),
                clientRequestId);
        }

        public override void Dispose()
        {
            // Nothing to release: the body is an array.
        }

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var value) ? [value] : null;
            return values is not null;
        }

        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));
    }
}

internal static class RandomChance
{
    public static bool Chance(this Random random, double probability) => probability > 0 && random.NextDouble() < probability;
}
