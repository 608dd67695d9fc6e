using System.Xml.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

/// <summary>
/// The Functions shell's HTTP triggers against the local host's minimal APIs (functions/ServiceIndex.Host/Apis):
/// the same routes and methods, the same query parameters, the same ETag and admin rules.
/// </summary>
public sealed class FunctionsHttpTests
{
    private static FunctionsShellSource Shell => FunctionsShellSource.Instance;

    private static IEnumerable<FunctionDeclaration> ApiFunctions => Shell.Triggered("HttpTrigger").Where(f => !HttpFunctions.IsDashboard(f));

    [Fact]
    public void Local_host_maps_the_api_of_the_interfaces()
    {
        string[] contract =
        [
            "GET /api/units", "GET /api/scores", "GET /api/rankings", "GET /api/late-dossiers", "GET /api/due-soon", "GET /api/target",
            "GET /api/status", "GET /api/dead-letters", "POST /api/admin/recompute", "POST /api/admin/replay", "PUT /api/admin/national-ranking",
        ];
        Assert.All(contract, route => Assert.Contains(route, LocalHostRoutes.Instance.Routes.Select(r => r.ToString())));
    }

    [Fact]
    public void Every_api_function_answers_a_route_the_local_host_maps()
    {
        var local = LocalHostRoutes.Instance.Routes.ToHashSet();
        Assert.All(ApiFunctions.SelectMany(HttpFunctions.Routes), route => Assert.True(local.Contains(route), $"the local host does not map {route}"));
    }

    [Fact]
    public void Every_route_the_local_host_maps_has_a_function()
    {
        var functions = ApiFunctions.SelectMany(HttpFunctions.Routes).ToHashSet();
        Assert.All(LocalHostRoutes.Instance.Routes, route => Assert.True(functions.Contains(route), $"no function answers {route}"));
    }

    [Fact]
    public void Api_functions_read_the_query_parameters_the_local_host_binds()
    {
        foreach (var function in ApiFunctions)
        {
            foreach (var route in HttpFunctions.Routes(function))
            {
                var local = LocalHostRoutes.Instance.QueryParameters.GetValueOrDefault(route) ?? new HashSet<string>();
                var read = HttpFunctions.QueryKeys(function).ToHashSet(StringComparer.OrdinalIgnoreCase);
                Assert.True(read.SetEquals(local), $"{function.Name} reads [{string.Join(", ", read)}]; the local host binds [{string.Join(", ", local)}] on {route}");
            }
        }
    }

    [Fact]
    public void Read_functions_answer_through_the_etag_response()
    {
        foreach (var function in ApiFunctions.Where(f => HttpFunctions.Routes(f).All(r => r.Method == "GET")))
        {
            var answers = Invoked(function.Method).Where(n => n is "ApiResponses.Get" or "ApiResponses.Tagged").ToList();
            Assert.True(answers.Count > 0, $"{function.Name} answers without the ETag (ApiResponses.Get or ApiResponses.Tagged)");
        }
    }

    [Fact]
    public void Admin_functions_are_anonymous_at_the_platform_and_check_the_entra_id_token_first()
    {
        var admin = ApiFunctions.Where(f => HttpFunctions.Routes(f).Any(r => r.Template.StartsWith("api/admin/", StringComparison.Ordinal))).ToList();
        Assert.Equal(3, admin.Count);
        foreach (var function in admin)
        {
            Assert.Equal("AuthorizationLevel.Anonymous", function.Trigger.Positional(0)?.ToString());
            var calls = Invoked(function.Method).ToList();
            var check = calls.IndexOf("EntraAdmin.RefuseAsync");
            Assert.True(check >= 0, $"{function.Name} does not check the caller's token");
            Assert.True(calls.FindIndex(c => c.StartsWith("admin.", StringComparison.Ordinal)) > check, $"{function.Name} runs the command before checking the token");
        }
    }

    [Fact]
    public void Read_functions_are_public()
    {
        Assert.All(ApiFunctions.Where(f => HttpFunctions.Routes(f).All(r => r.Method == "GET")),
            f => Assert.Equal("AuthorizationLevel.Anonymous", f.Trigger.Positional(0)?.ToString()));
    }

    [Fact]
    public void Dashboard_serves_every_file_of_the_host_wwwroot_anonymously()
    {
        var dashboard = Shell.Triggered("HttpTrigger").Where(HttpFunctions.IsDashboard).ToList();
        Assert.NotEmpty(dashboard);
        Assert.All(dashboard, f => Assert.Equal("AuthorizationLevel.Anonymous", f.Trigger.Positional(0)?.ToString()));
        var routes = dashboard.SelectMany(HttpFunctions.Routes).ToList();
        Assert.All(routes, r => Assert.Equal("GET", r.Method));

        var wwwroot = Path.Combine(RepositoryRoot.Find(), "functions", "ServiceIndex.Host", "wwwroot");
        Assert.True(File.Exists(Path.Combine(wwwroot, "index.html")));
        Assert.Contains(routes, r => r.Template.StartsWith('{') && r.Template.EndsWith("?}", StringComparison.Ordinal)); // "/" and top-level files
        foreach (var folder in Directory.EnumerateDirectories(wwwroot).Select(Path.GetFileName))
        {
            Assert.Contains(routes, r => r.Template.StartsWith($"{folder}/{{*", StringComparison.Ordinal));
        }

        var content = XDocument.Parse(Shell.ProjectFile).Descendants("Content")
            .Single(c => c.Attribute("Include")!.Value.Replace('\\', '/').Contains("ServiceIndex.Host/wwwroot", StringComparison.Ordinal));
        Assert.Equal("wwwroot", content.Attribute("LinkBase")?.Value);
        Assert.Equal("PreserveNewest", content.Attribute("CopyToPublishDirectory")?.Value);
    }

    /// <summary>
    /// The Functions host tries HTTP routes in an order of its own, not ASP.NET's precedence
    /// (azure-functions-host#9876), so a dashboard route that could also match /api/… might answer
    /// an API request. The dashboard is at the root (its api/… calls are relative to the page).
    /// </summary>
    [Fact]
    public void Dashboard_routes_cannot_match_an_api_route()
    {
        Assert.Equal("", Shell.RoutePrefix);
        Assert.All(ApiFunctions.SelectMany(HttpFunctions.Routes), r => Assert.StartsWith("api/", r.Template, StringComparison.Ordinal));
        foreach (var route in Shell.Triggered("HttpTrigger").Where(HttpFunctions.IsDashboard).SelectMany(HttpFunctions.Routes))
        {
            var segments = route.Template.Split('/');
            var ok = segments[0].StartsWith('{')
                ? segments.Length == 1 && !segments[0].StartsWith("{*", StringComparison.Ordinal) // one segment; API routes have two or more
                : !string.Equals(segments[0], "api", StringComparison.OrdinalIgnoreCase);
            Assert.True(ok, $"{route} could also match an API route");
        }
    }

    /// <summary>"Target.Method" of every member invocation in a method, in source order.</summary>
    private static IEnumerable<string> Invoked(MethodDeclarationSyntax method) =>
        method.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .OrderBy(c => c.SpanStart)
            .Select(c => c.Expression)
            .OfType<MemberAccessExpressionSyntax>()
            .Select(m => $"{m.Expression}.{m.Name.Identifier.Text}");
}

/// <summary>An HTTP function's routes and the query keys it reads.</summary>
public static class HttpFunctions
{
    /// <summary>The static-file function: the only HTTP route outside /api.</summary>
    public static bool IsDashboard(FunctionDeclaration function) =>
        function.Trigger.Is("HttpTrigger") && Routes(function).All(r => !r.Template.StartsWith("api/", StringComparison.Ordinal));

    /// <summary>host.json's routePrefix + Route (the function name when no Route), once per method ("get", "post", …).</summary>
    public static IEnumerable<HttpRoute> Routes(FunctionDeclaration function)
    {
        var trees = FunctionsShellSource.Instance.Trees;
        var route = function.Trigger.Named("Route") is { } r ? SyntaxValues.String(r, trees)! : function.Name;
        var template = HttpRoute.Normalize(FunctionsShellSource.Instance.RoutePrefix, route);
        var methods = function.Trigger.Positionals().Select(e => SyntaxValues.String(e, trees)).OfType<string>().ToList();
        Assert.True(methods.Count > 0, $"{function.Name} accepts every method; name them");
        return methods.Select(m => new HttpRoute(m.ToUpperInvariant(), template));
    }

    /// <summary>String keys of element accesses on the request's query (<c>request.Query["period"]</c>, or a local holding it).</summary>
    public static IEnumerable<string> QueryKeys(FunctionDeclaration function)
    {
        var aliases = function.Method.DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .Where(v => v.Initializer?.Value is MemberAccessExpressionSyntax { Name.Identifier.Text: "Query" })
            .Select(v => v.Identifier.Text)
            .ToHashSet(StringComparer.Ordinal);
        return function.Method.DescendantNodes().OfType<ElementAccessExpressionSyntax>()
            .Where(e => e.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Query" } ||
                        (e.Expression is IdentifierNameSyntax id && aliases.Contains(id.Identifier.Text)))
            .Select(e => SyntaxValues.String(e.ArgumentList.Arguments[0].Expression, FunctionsShellSource.Instance.Trees)!)
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
