using System.Collections.Concurrent;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ServiceIndex.Http;

/// <summary>
/// One endpoint of the API, defined once for both hosts: its name (the OpenAPI operation id and the Azure
/// function's name), route, method, handler delegate and OpenAPI description. The local host maps it as a
/// minimal API (<see cref="Map"/>); an Azure function returns <see cref="Answer"/>. Either way ASP.NET Core's
/// <see cref="RequestDelegateFactory"/> binds the handler's parameters (query, headers, services) and writes its
/// result, and the same steps surround it: security headers, problem details for exceptions, strong ETags and
/// 304 on GET and HEAD, admin authentication and the admin body limit.
/// </summary>
public sealed class ApiEndpoint
{
    private readonly Action<RouteHandlerBuilder> _describe;

    /// <param name="name">Operation id and function name, e.g. <c>GetScores</c>.</param>
    /// <param name="method">GET (HEAD is answered too), POST or PUT.</param>
    /// <param name="route">The route without a leading slash, e.g. <c>api/scores</c> (the Functions app's route prefix is empty).</param>
    /// <param name="handler">The handler; its parameters are bound as a minimal API binds them.</param>
    /// <param name="describe">OpenAPI tags, summary, description and problem responses.</param>
    /// <param name="admin">Admin endpoints need an admin credential (<see cref="AdminAuthentication"/>) and carry a bounded body.</param>
    public ApiEndpoint(string name, string method, string route, Delegate handler, Action<RouteHandlerBuilder> describe, bool admin = false)
    {
        Name = name;
        Method = method;
        Route = route;
        Handler = handler;
        Admin = admin;
        _describe = describe;
        AnswerResult = new FunctionAnswer(this);
    }

    public string Name { get; }

    public string Method { get; }

    public string Route { get; }

    public Delegate Handler { get; }

    public bool Admin { get; }

    /// <summary>The methods the endpoint answers: a GET answers HEAD too (RFC 9110: the same status and headers, no body).</summary>
    public IReadOnlyList<string> Methods => HttpMethods.IsGet(Method) ? [HttpMethods.Get, HttpMethods.Head] : [Method];

    private IResult AnswerResult { get; }

    /// <summary>Maps the endpoint on the local host; the host's middleware adds security headers, ETags, exception handling and authentication.</summary>
    public RouteHandlerBuilder Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var pattern = "/" + Route;
        if (HttpMethods.IsGet(Method))
        {
            // HEAD beside GET, out of the OpenAPI document (an endpoint name must be unique, an operation id too).
            routes.MapMethods(pattern, [HttpMethods.Head], Handler).ExcludeFromDescription();
        }

        var builder = routes.MapMethods(pattern, [Method], Handler).WithName(Name);
        if (Admin)
        {
            builder.RequireAuthorization(AdminAuthentication.Policy).AddEndpointFilter(AdminBodyLimit.InvokeAsync)
                .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        }

        _describe(builder);
        return builder;
    }

    /// <summary>What an Azure function returns: the endpoint's answer to the request, written when the worker executes it.</summary>
    public IResult Answer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AnswerResult;
    }

    /// <summary>The handler bound by <see cref="RequestDelegateFactory"/> against one host's services, built once per host.</summary>
    public sealed class Delegates(IServiceProvider services)
    {
        private readonly ConcurrentDictionary<ApiEndpoint, RequestDelegate> _built = new();

        public RequestDelegate For(ApiEndpoint endpoint) => _built.GetOrAdd(endpoint, e =>
        {
            var builder = new RouteEndpointBuilder(null, RoutePatternFactory.Parse("/" + e.Route), 0) { ApplicationServices = services };
            builder.Metadata.Add(new HttpMethodMetadata(e.Methods));
            if (e.Admin)
            {
                builder.FilterFactories.Add((_, next) => context => AdminBodyLimit.InvokeAsync(context, next));
            }

            return RequestDelegateFactory.Create(e.Handler, new RequestDelegateFactoryOptions
            {
                ServiceProvider = services,
                RouteParameterNames = [],
                DisableInferBodyFromParameters = HttpMethods.IsGet(e.Method), // as endpoint routing sets it: a GET's string[] comes from the query
                EndpointBuilder = builder,
            }).RequestDelegate;
        });
    }

    /// <summary>
    /// The endpoint in the Functions app, where no ASP.NET Core middleware of ours runs: the local host's middleware steps,
    /// in its order (security headers, exception handler, ETags, authentication and authorization), then the handler.
    /// </summary>
    private sealed class FunctionAnswer(ApiEndpoint endpoint) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            SecurityHeaders.Apply(httpContext);
            try
            {
                if (HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method))
                {
                    await ETags.TagAsync(httpContext, InvokeAsync).ConfigureAwait(false);
                }
                else
                {
                    await InvokeAsync(httpContext).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (!httpContext.Response.HasStarted)
            {
                // As UseExceptionHandler does: a clean response, then the problem.
                httpContext.Response.Clear();
                var handlers = httpContext.RequestServices.GetServices<IExceptionHandler>();
                foreach (var handler in handlers)
                {
                    if (await handler.TryHandleAsync(httpContext, exception, httpContext.RequestAborted).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                throw;
            }
        }

        private Task InvokeAsync(HttpContext httpContext)
        {
            var handler = httpContext.RequestServices.GetRequiredService<Delegates>().For(endpoint);
            return endpoint.Admin ? AdminAuthentication.AuthorizeAsync(httpContext, handler) : handler(httpContext);
        }
    }
}
