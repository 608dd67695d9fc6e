using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServiceIndex.Pipeline;

/// <summary>JSON of stored documents and the API: camelCase, UTF-8 text kept readable (Vietnamese names unescaped).</summary>
public static class PipelineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
