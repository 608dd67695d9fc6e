using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceIndex.Simulator;

// The file format of a hierarchy (hierarchies/README.md). Plain DTOs: validation and defaults
// live in Hierarchy, so the format stays easy to read here.

internal sealed class HierarchyDocument
{
    public string? Name { get; set; }

    public string? CodePrefix { get; set; }

    public int? DossiersPerYear { get; set; }

    public List<UnitDocument>? Units { get; set; }

    public List<UnitChangeDocument>? Changes { get; set; }
}

internal sealed class UnitDocument
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Level { get; set; }

    public string? ParentId { get; set; }

    [JsonPropertyName("eCertifiedCopy")]
    public bool? ECertifiedCopy { get; set; }

    public double? Weight { get; set; }

    public double? LateFactor { get; set; }

    public List<string>? Fields { get; set; }
}

internal sealed class UnitChangeDocument
{
    public string? Id { get; set; }

    public DateOnly? On { get; set; }

    public string? Name { get; set; }

    public string? ParentId { get; set; }

    [JsonPropertyName("eCertifiedCopy")]
    public bool? ECertifiedCopy { get; set; }
}

// Disallowing unknown members turns a misspelt key ("parent") into an error instead of a silent default.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(HierarchyDocument))]
internal sealed partial class HierarchyJsonContext : JsonSerializerContext;
