using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ServiceIndex.Pipeline;

namespace ServiceIndex.Infra.Tests.Infrastructure;

/// <summary>
/// functions/ServiceIndex.Functions read as syntax: its packages do not restore on the build
/// machines, so there is no compilation and no semantic model. Names are resolved by hand against
/// the Pipeline (and Core) assemblies, which the test project references.
/// </summary>
public sealed class FunctionsShellSource
{
    private static readonly Lazy<FunctionsShellSource> Shared = new(() => new FunctionsShellSource(RepositoryRoot.Find()));

    private FunctionsShellSource(string repository)
    {
        ProjectPath = Path.Combine(repository, "functions", "ServiceIndex.Functions");
        Trees = SyntaxFiles.Parse(ProjectPath);
        Classes = [.. Trees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())];
        Functions = [.. Classes.SelectMany(FunctionDeclaration.Of)];
        HostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProjectPath, "host.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement.Clone();
        ProjectFile = File.ReadAllText(Path.Combine(ProjectPath, "ServiceIndex.Functions.csproj"));
    }

    public static FunctionsShellSource Instance => Shared.Value;

    public string ProjectPath { get; }

    public string ProjectFile { get; }

    public IReadOnlyList<SyntaxTree> Trees { get; }

    public IReadOnlyList<ClassDeclarationSyntax> Classes { get; }

    public IReadOnlyList<FunctionDeclaration> Functions { get; }

    public JsonElement HostJson { get; }

    public IEnumerable<FunctionDeclaration> Triggered(string trigger) => Functions.Where(f => f.Trigger.Is(trigger));

    /// <summary>host.json's extensions.http.routePrefix; "api" when absent, as the runtime defaults.</summary>
    public string RoutePrefix =>
        HostJson.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("http", out var http) &&
        http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? ""
            : "api";
}

/// <summary>One method carrying [Function("Name")], with its trigger parameter.</summary>
public sealed record FunctionDeclaration(string Name, ClassDeclarationSyntax Class, MethodDeclarationSyntax Method, AttributeSyntax Trigger, int TriggerCount)
{
    private static readonly string[] TriggerNames = ["TimerTrigger", "QueueTrigger", "HttpTrigger", "BlobTrigger", "ServiceBusTrigger", "EventHubTrigger"];

    public static IEnumerable<FunctionDeclaration> Of(ClassDeclarationSyntax type)
    {
        foreach (var method in type.Members.OfType<MethodDeclarationSyntax>())
        {
            var function = method.AttributeLists.SelectMany(list => list.Attributes).FirstOrDefault(a => a.Is("Function"));
            if (function is null)
            {
                continue;
            }

            var triggers = method.ParameterList.Parameters.SelectMany(p => p.AttributeLists).SelectMany(list => list.Attributes)
                .Where(a => TriggerNames.Any(a.Is)).ToList();
            var name = SyntaxValues.String(function.Positional(0)!, []) ?? method.Identifier.Text;
            yield return new FunctionDeclaration(name, type, method, triggers.FirstOrDefault()!, triggers.Count);
        }
    }
}

/// <summary>The pipeline's public types by simple name (the Pipeline assembly and the ServiceIndex assemblies it references).</summary>
public static class PipelineTypes
{
    private static readonly Lazy<ILookup<string, Type>> BySimpleName = new(() =>
    {
        var pipeline = typeof(StorageNames).Assembly;
        var assemblies = new[] { pipeline }.Concat(pipeline.GetReferencedAssemblies()
            .Where(name => name.Name!.StartsWith("ServiceIndex.", StringComparison.Ordinal)).Select(Assembly.Load));
        return assemblies.SelectMany(a => a.GetExportedTypes()).ToLookup(t => t.IsGenericType ? t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)] : t.Name);
    });

    public static IReadOnlyList<Type> Named(string simpleName) => [.. BySimpleName.Value[simpleName]];

    public static bool HasPublicMethod(string typeName, string method) =>
        Named(typeName).Any(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => m.Name == method));

    /// <summary>The value of a public constant, e.g. StorageNames.ChangesQueue.</summary>
    public static string? Constant(string typeName, string member) =>
        Named(typeName).Select(t => t.GetField(member, BindingFlags.Public | BindingFlags.Static))
            .FirstOrDefault(f => f is { IsLiteral: true })?.GetRawConstantValue() as string;
}

/// <summary>Syntax helpers shared by the shell and local-host readers.</summary>
public static class SyntaxValues
{
    public static bool Is(this AttributeSyntax attribute, string name)
    {
        var simple = attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.Text,
            SimpleNameSyntax s => s.Identifier.Text,
            _ => attribute.Name.ToString(),
        };
        return simple == name || simple == name + "Attribute";
    }

    public static ExpressionSyntax? Positional(this AttributeSyntax attribute, int index)
    {
        var positional = attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList() ?? [];
        return index < positional.Count ? positional[index].Expression : null;
    }

    public static IEnumerable<ExpressionSyntax> Positionals(this AttributeSyntax attribute) =>
        attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).Select(a => a.Expression) ?? [];

    public static ExpressionSyntax? Named(this AttributeSyntax attribute, string name) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == name)?.Expression;

    /// <summary>
    /// A compile-time string: a literal, a concatenation, a constant of a pipeline type
    /// (StorageNames.ChangesQueue), or a <c>const string</c> declared in <paramref name="trees"/>.
    /// </summary>
    public static string? String(ExpressionSyntax expression, IReadOnlyList<SyntaxTree> trees) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        BinaryExpressionSyntax add when add.IsKind(SyntaxKind.AddExpression) =>
            String(add.Left, trees) is { } left && String(add.Right, trees) is { } right ? left + right : null,
        ParenthesizedExpressionSyntax p => String(p.Expression, trees),
        MemberAccessExpressionSyntax member =>
            PipelineTypes.Constant(Rightmost(member.Expression), member.Name.Identifier.Text) ?? LocalConstant(member.Name.Identifier.Text, trees),
        IdentifierNameSyntax id => LocalConstant(id.Identifier.Text, trees),
        _ => null,
    };

    public static string Rightmost(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        SimpleNameSyntax s => s.Identifier.Text,
        _ => expression.ToString(),
    };

    private static string? LocalConstant(string name, IReadOnlyList<SyntaxTree> trees) =>
        trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>())
            .Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword))
            .SelectMany(f => f.Declaration.Variables)
            .Where(v => v.Identifier.Text == name && v.Initializer is not null)
            .Select(v => String(v.Initializer!.Value, trees))
            .FirstOrDefault(value => value is not null);
}

/// <summary>Every .cs file under a project folder (bin and obj left out), parsed.</summary>
public static class SyntaxFiles
{
    public static IReadOnlyList<SyntaxTree> Parse(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path))];
}
