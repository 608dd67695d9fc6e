using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServiceIndex.Infra.Tests.Infrastructure;

/// <summary>
/// One resource declared in a template (existing-resource references are left out). SymbolicName
/// is its Bicep symbol in symbolic-name templates, null in classic ones.
/// </summary>
public sealed record ArmResource(string Type, string? SymbolicName, JsonElement Element, ArmTemplate Template)
{
    public JsonElement Properties => Element.GetProperty("properties");

    /// <summary>The string value of a top-level property, e.g. "kind" or "scope".</summary>
    public string Text(string property) =>
        Element.TryGetProperty(property, out var value) ? value.GetString() ?? "" : "";
}

/// <summary>
/// A compiled ARM template: main.bicep, or one of its modules, which compile to
/// Microsoft.Resources/deployments resources carrying the module's template in properties.template.
/// Understands both the classic (resources as an array) and the symbolic-name (languageVersion 2.0,
/// resources as an object) layouts, and follows plain variables('x') / parameters('x') references.
/// </summary>
public sealed partial class ArmTemplate
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    private readonly JsonElement? deployment;

    private ArmTemplate(JsonElement root, string name, string symbol, ArmTemplate? parent, JsonElement? deployment)
    {
        Root = root;
        Name = name;
        Symbol = symbol;
        Parent = parent;
        this.deployment = deployment;
    }

    public JsonElement Root { get; }

    /// <summary>"main", or the deployment name of the module.</summary>
    public string Name { get; }

    /// <summary>How the parent refers to this module in expressions such as reference('x').</summary>
    public string Symbol { get; }

    public ArmTemplate? Parent { get; }

    public static ArmTemplate Parse(JsonElement root) => new(root, "main", "main", null, null);

    public IEnumerable<ArmResource> Resources
    {
        get
        {
            if (!Root.TryGetProperty("resources", out var resources))
            {
                yield break;
            }

            var elements = resources.ValueKind == JsonValueKind.Object
                ? resources.EnumerateObject().Select(property => ((string?)property.Name, property.Value))
                : resources.EnumerateArray().Select(element => ((string?)null, element));
            foreach (var (symbol, element) in elements)
            {
                if (element.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True)
                {
                    continue;
                }

                yield return new ArmResource(element.GetProperty("type").GetString()!, symbol, element, this);
            }
        }
    }

    public IEnumerable<ArmTemplate> Modules =>
        Resources
            .Where(resource => resource.Type == DeploymentType && resource.Properties.TryGetProperty("template", out _))
            .Select(resource => new ArmTemplate(
                resource.Properties.GetProperty("template"),
                resource.Text("name"),
                resource.SymbolicName ?? resource.Text("name"),
                this,
                resource.Element));

    /// <summary>Every resource of this template and of all modules below it.</summary>
    public IEnumerable<ArmResource> AllResources() =>
        Resources.Concat(Modules.SelectMany(module => module.AllResources()));

    public ArmTemplate Module(string name) => Modules.Single(module => module.Name == name);

    /// <summary>The one module (at any depth) that declares resources of this type.</summary>
    public ArmTemplate ModuleDeclaring(string type) =>
        AllResources()
            .Where(resource => resource.Type == type)
            .Select(resource => resource.Template)
            .DistinctBy(template => template.Name)
            .Single();

    /// <summary>
    /// The value this template gets for a parameter: the argument its parent passes (resolved in
    /// the parent), otherwise the declared default.
    /// </summary>
    public JsonElement ParameterValue(string name)
    {
        if (Argument(name) is { } argument)
        {
            return Parent!.Resolve(argument);
        }

        var declared = Root.GetProperty("parameters").GetProperty(name);
        return declared.TryGetProperty("defaultValue", out var defaultValue)
            ? Resolve(defaultValue)
            : throw new InvalidOperationException($"Parameter '{name}' of '{Name}' has neither an argument nor a default.");
    }

    /// <summary>The raw expression the parent passes for a parameter, or null.</summary>
    public JsonElement? Argument(string name) =>
        deployment is { } resource
        && resource.GetProperty("properties").TryGetProperty("parameters", out var arguments)
        && arguments.TryGetProperty(name, out var argument)
            ? argument.GetProperty("value")
            : null;

    public JsonElement Variable(string name) => Resolve(Root.GetProperty("variables").GetProperty(name));

    /// <summary>Follows a value that is exactly "[variables('x')]" or "[parameters('x')]"; returns anything else as it is.</summary>
    public JsonElement Resolve(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        var match = WholeReference().Match(value.GetString()!);
        if (!match.Success)
        {
            return value;
        }

        var name = match.Groups["name"].Value;
        return match.Groups["kind"].Value == "variables" ? Variable(name) : ParameterValue(name);
    }

    /// <summary>Follows a string value such as an app setting's "[parameters('x')]".</summary>
    public JsonElement Resolve(string value)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));
        return Resolve(document.RootElement.Clone());
    }

    /// <summary>An expression with each variables('x') holding a plain string replaced by that string, quoted.</summary>
    public string Inline(string expression) =>
        VariableReference().Replace(expression, match =>
        {
            var value = Variable(match.Groups["name"].Value);
            return value.ValueKind == JsonValueKind.String && !value.GetString()!.StartsWith('[')
                ? string.Create(CultureInfo.InvariantCulture, $"'{value.GetString()}'")
                : match.Value;
        });

    [GeneratedRegex(@"^\[(?<kind>variables|parameters)\('(?<name>[^']+)'\)\]$")]
    private static partial Regex WholeReference();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();
}
