using System.Text.Json;

namespace ServiceIndex.Core.NationalSync;

/// <summary>
/// One call of the national sync format: <c>{ "session", "madonvi", "service", …service fields }</c>
/// (<c>national-portal.md</c> §1). Holds the parsed body; its elements live as long as it does.
/// </summary>
public sealed class NationalSyncPayload : IDisposable
{
    /// <summary>The service whose <c>data</c> carries dossiers: the only one mapped to records.</summary>
    public const string DossierService = "DongBoHoSoMC";

    private readonly JsonDocument _document;

    private NationalSyncPayload(JsonDocument document, string? session, string? unitCode, string service, JsonElement? data)
    {
        _document = document;
        Session = session;
        UnitCode = unitCode;
        Service = service;
        Data = data;
    }

    public string? Session { get; }

    /// <summary><c>madonvi</c>: the sending unit, the handling unit of a dossier without <c>DonViXuLy</c>.</summary>
    public string? UnitCode { get; }

    public string Service { get; }

    /// <summary><c>data</c> of a <see cref="DossierService"/> call: an array.</summary>
    public JsonElement? Data { get; }

    public bool CarriesDossiers => string.Equals(Service, DossierService, StringComparison.Ordinal);

    /// <summary>Reads a body; null and a reason when it is not JSON, not an object, has no <c>service</c>, or a dossier call has no <c>data</c> array.</summary>
    public static NationalSyncPayload? TryParse(ReadOnlyMemory<byte> body, out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            error = $"The body is not JSON: {ex.Message}";
            return null;
        }

        var root = document.RootElement;
        error = root.ValueKind != JsonValueKind.Object ? "The body must be a JSON object."
            : !root.TryGetProperty("service", out var service) || service.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(service.GetString())
                ? "The body has no service (e.g. \"DongBoHoSoMC\")."
            : service.GetString() == DossierService && (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                ? "A DongBoHoSoMC call needs data: an array of dossiers."
            : null;
        if (error is not null)
        {
            document.Dispose();
            return null;
        }

        return new NationalSyncPayload(document, StringOf(root, "session"), StringOf(root, "madonvi"), root.GetProperty("service").GetString()!,
            root.TryGetProperty("data", out var items) && items.ValueKind == JsonValueKind.Array ? items : null);
    }

    /// <summary>Every dossier of <c>data</c> mapped (none for other services).</summary>
    public IReadOnlyList<NationalSyncDossier> Dossiers(NationalSyncMappingOptions options) => Dossiers(options, 0, int.MaxValue);

    /// <summary>Dossiers <paramref name="offset"/>…<paramref name="offset"/>+<paramref name="count"/>−1 of <c>data</c>, mapped.</summary>
    public IReadOnlyList<NationalSyncDossier> Dossiers(NationalSyncMappingOptions options, int offset, int count)
    {
        if (!CarriesDossiers || Data is not { } data)
        {
            return [];
        }

        return [.. data.EnumerateArray().Select((d, i) => (d, i)).Skip(offset).Take(count)
            .Select(x => NationalSyncMapping.Map(x.d, x.i, UnitCode, options))];
    }

    /// <summary>How many items <c>data</c> holds (0 for other services).</summary>
    public int Count => CarriesDossiers && Data is { } data ? data.GetArrayLength() : 0;

    public void Dispose() => _document.Dispose();

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString()) ? e.GetString() : null;
}
