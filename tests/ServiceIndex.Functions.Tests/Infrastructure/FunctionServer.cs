using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceIndex.Functions.Tests.Infrastructure;

/// <summary>
/// The part of the Functions host these tests stand in for, on a real Kestrel port: a request is matched against the HTTP
/// triggers' routes and methods of the generated functions.metadata, the entry point's class is created over the worker's
/// services (<c>ActivatorUtilities</c>, as the worker does), the method is called with the request's real
/// <see cref="HttpRequest"/> and route values, and the <see cref="IResult"/> it returns is executed, as the worker's
/// ASP.NET Core integration does. Literal routes are tried before the dashboard's catch-alls.
/// </summary>
public sealed class FunctionServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionServer(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    /// <summary>The functions called, by name (to show every HTTP function was exercised).</summary>
    public HashSet<string> Called { get; } = [];

    public static async Task<FunctionServer> StartAsync(IServiceProvider worker, IReadOnlyList<FunctionDescription> functions)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var routes = functions.Where(f => f.IsHttp)
            .OrderBy(f => f.Trigger.Text("route")!.Contains('{', StringComparison.Ordinal))
            .Select(f => (Function: f, Matcher: new TemplateMatcher(TemplateParser.Parse(f.Trigger.Text("route")!), new RouteValueDictionary())))
            .ToList();
        FunctionServer? server = null;
        app.Run(async context =>
        {
            var values = new RouteValueDictionary();
            var match = routes.FirstOrDefault(r => r.Function.Trigger.Methods.Contains(context.Request.Method) && r.Matcher.TryMatch(context.Request.Path, values));
            if (match.Function is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound; // the Functions host answers unmatched routes itself
                return;
            }

            lock (server!.Called)
            {
                server.Called.Add(match.Function.Name);
            }

            await using var scope = worker.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            var method = match.Function.Method;
            var target = ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
            var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(HttpRequest) ? context.Request
                : p.ParameterType == typeof(CancellationToken) ? context.RequestAborted
                : (object?)values[p.Name!]?.ToString()).ToArray();
            var returned = method.Invoke(target, arguments);
            var result = returned is Task<IResult> pending ? await pending : (IResult)returned!;
            await result.ExecuteAsync(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FunctionServer(app, new HttpClient { BaseAddress = new Uri(address + "/") });
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
