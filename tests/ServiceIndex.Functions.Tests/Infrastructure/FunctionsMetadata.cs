using System.Reflection;
using System.Text.Json;

namespace ServiceIndex.Functions.Tests.Infrastructure;

/// <summary>One binding of a function in the generated functions.metadata.</summary>
public sealed record FunctionBinding(string Name, string Type, string Direction, JsonElement Json)
{
    public string? Text(string property) => Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> Methods =>
        Json.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())] : [];
}

/// <summary>One function as the worker SDK describes it to the Functions host (functions.metadata, written at build).</summary>
public sealed record FunctionDescription(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    public bool IsHttp => Trigger.Type == "httpTrigger";

    /// <summary>The class and method the entry point names, in the built Functions assembly.</summary>
    public MethodInfo Method
    {
        get
        {
            var split = EntryPoint.LastIndexOf('.');
            var type = typeof(FunctionsComposition).Assembly.GetType(EntryPoint[..split], throwOnError: true)!;
            return type.GetMethod(EntryPoint[(split + 1)..]) ?? throw new InvalidOperationException($"{EntryPoint} is not a public method");
        }
    }
}

/// <summary>The Functions app's build output: where it is, and its generated metadata.</summary>
public static class FunctionsMetadata
{
    public static string Output => Path.GetFullPath(Setting("FunctionsOutput"));

    public static string Project => Path.GetFullPath(Setting("FunctionsProject"));

    public static string Configuration => Setting("Configuration");

    public static IReadOnlyList<FunctionDescription> Read(string? folder = null)
    {
        var path = Path.Combine(folder ?? Output, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.EnumerateArray().Select(f => new FunctionDescription(
            f.GetProperty("name").GetString()!,
            f.GetProperty("scriptFile").GetString()!,
            f.GetProperty("entryPoint").GetString()!,
            [.. f.GetProperty("bindings").EnumerateArray().Select(b => new FunctionBinding(
                b.GetProperty("name").GetString()!, b.GetProperty("type").GetString()!, b.GetProperty("direction").GetString()!, b.Clone()))]))];
    }

    private static string Setting(string key) =>
        typeof(FunctionsMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
