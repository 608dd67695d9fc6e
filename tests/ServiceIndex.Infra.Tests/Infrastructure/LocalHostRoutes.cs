using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ServiceIndex.Infra.Tests.Infrastructure;

/// <summary>One HTTP route: a method and a template without leading or trailing slashes ("api/scores").</summary>
public sealed record HttpRoute(string Method, string Template)
{
    public static string Normalize(params string[] parts) =>
        string.Join('/', parts.SelectMany(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)));

    public override string ToString() => $"{Method} /{Template}";
}

/// <summary>
/// The routes the local host maps in functions/ServiceIndex.Host/Apis/*.cs, read as syntax:
/// MapGet/MapPost/MapPut/MapDelete/MapPatch templates, prefixed by the MapGroup templates their
/// builders come from, followed through locals and through the extension methods that receive
/// a group (<c>api.MapScoresApi()</c> → <c>MapScoresApi(this RouteGroupBuilder api)</c>).
/// </summary>
public sealed class LocalHostRoutes
{
    private static readonly Dictionary<string, string> Verbs = new(StringComparer.Ordinal)
    {
        ["MapGet"] = "GET", ["MapPost"] = "POST", ["MapPut"] = "PUT", ["MapDelete"] = "DELETE", ["MapPatch"] = "PATCH",
    };

    private static readonly Lazy<LocalHostRoutes> Shared = new(() =>
        new LocalHostRoutes(SyntaxFiles.Parse(Path.Combine(RepositoryRoot.Find(), "functions", "ServiceIndex.Host", "Apis"))));

    private readonly IReadOnlyList<SyntaxTree> _trees;

    public LocalHostRoutes(IReadOnlyList<SyntaxTree> trees)
    {
        _trees = trees;
        var mapped = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            .SelectMany(call => RoutesOf(call).Select(route => (route, call)))
            .ToList();
        Routes = [.. mapped.Select(m => m.route).Distinct()];
        QueryParameters = mapped.GroupBy(m => m.route)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.SelectMany(m => QueryParametersOf(m.call)).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    public static LocalHostRoutes Instance => Shared.Value;

    public IReadOnlyList<HttpRoute> Routes { get; }

    /// <summary>Per route, the query-string parameters its handler binds: the <c>string</c> parameters of the delegate (minimal APIs bind those from the query).</summary>
    public IReadOnlyDictionary<HttpRoute, IReadOnlySet<string>> QueryParameters { get; }

    private IEnumerable<string> QueryParametersOf(InvocationExpressionSyntax call)
    {
        var handler = call.ArgumentList.Arguments.Count > 1 ? call.ArgumentList.Arguments[1].Expression : null;
        var parameters = handler switch
        {
            ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters.AsEnumerable(),
            IdentifierNameSyntax name => _trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                .Where(m => m.Identifier.Text == name.Identifier.Text && m.SyntaxTree == call.SyntaxTree)
                .SelectMany(m => m.ParameterList.Parameters),
            _ => [],
        };
        return parameters
            .Where(p => p.AttributeLists.Count == 0 && p.Type?.ToString() is "string" or "string?" or "string[]" or "string[]?")
            .Select(p => p.Identifier.Text);
    }

    private IEnumerable<HttpRoute> RoutesOf(InvocationExpressionSyntax call)
    {
        if (call.Expression is not MemberAccessExpressionSyntax member || !Verbs.TryGetValue(member.Name.Identifier.Text, out var verb) ||
            call.ArgumentList.Arguments.Count == 0 || SyntaxValues.String(call.ArgumentList.Arguments[0].Expression, _trees) is not { } template)
        {
            return [];
        }

        return Prefixes(member.Expression, 0).Distinct().Select(prefix => new HttpRoute(verb, HttpRoute.Normalize(prefix, template)));
    }

    /// <summary>The group templates a route builder expression stands for (several when an extension method is called from several groups).</summary>
    private IEnumerable<string> Prefixes(ExpressionSyntax builder, int depth)
    {
        if (depth > 16)
        {
            throw new InvalidOperationException($"Route groups nest too deep at {builder}.");
        }

        switch (builder)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "MapGroup" } group } call:
                var part = SyntaxValues.String(call.ArgumentList.Arguments[0].Expression, _trees)
                    ?? throw new InvalidOperationException($"MapGroup template is not a constant: {call}");
                return Prefixes(group.Expression, depth + 1).Select(prefix => HttpRoute.Normalize(prefix, part));

            // Fluent configuration (WithTags, RequireAuthorization, AddEndpointFilter, …) returns the same builder.
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax fluent }:
                return Prefixes(fluent.Expression, depth + 1);

            case ParenthesizedExpressionSyntax parenthesized:
                return Prefixes(parenthesized.Expression, depth + 1);

            case IdentifierNameSyntax name:
                return FromName(name, depth);

            default:
                return [""];
        }
    }

    private IEnumerable<string> FromName(IdentifierNameSyntax name, int depth)
    {
        var text = name.Identifier.Text;
        var method = name.Ancestors().OfType<BaseMethodDeclarationSyntax>().FirstOrDefault();
        if (method is null)
        {
            return [""];
        }

        var local = method.DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .FirstOrDefault(v => v.Identifier.Text == text && v.Initializer is not null && v.SpanStart < name.SpanStart);
        if (local is not null)
        {
            return Prefixes(local.Initializer!.Value, depth + 1);
        }

        // A parameter of an extension method: the groups it is called on.
        if (method is MethodDeclarationSyntax declared && declared.ParameterList.Parameters.FirstOrDefault() is { } self &&
            self.Identifier.Text == text && self.Modifiers.Any(m => m.Text == "this"))
        {
            var callers = _trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
                .Select(c => c.Expression)
                .OfType<MemberAccessExpressionSyntax>()
                .Where(m => m.Name.Identifier.Text == declared.Identifier.Text)
                .ToList();
            return callers.Count == 0 ? [""] : callers.SelectMany(m => Prefixes(m.Expression, depth + 1));
        }

        return [""];
    }
}
