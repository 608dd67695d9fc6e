using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http;

/// <summary>Who may call the admin endpoints (configuration section <c>Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The local credential, sent as <c>X-Api-Key</c> (the run verb generates one when unset).</summary>
    public string? ApiKey { get; set; }

    /// <summary>In Azure: the Entra ID tenant whose bearer tokens are accepted (with <see cref="Audience"/>).</summary>
    public string? EntraTenantId { get; set; }

    /// <summary>In Azure: the audience the tokens must be issued for (the API's application ID URI or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>An app role a token must carry (in its <c>roles</c> claim), when set.</summary>
    public string? RequiredRole { get; set; }

    /// <summary>The Entra ID login host (another cloud than the public one).</summary>
    public Uri Instance { get; set; } = new("https://login.microsoftonline.com/");

    public bool UsesEntraId => !string.IsNullOrWhiteSpace(EntraTenantId) && !string.IsNullOrWhiteSpace(Audience);
}

/// <summary>
/// Credentials of the admin endpoints, the same in both hosts: the API key of <c>Admin:ApiKey</c> in <c>X-Api-Key</c>
/// (the local host generates one; the Functions app has none unless it is set) and, with <c>Admin:EntraTenantId</c> and
/// <c>Admin:Audience</c> set (infra-bicep sets them), Entra ID bearer tokens, v1 or v2, validated against the tenant's
/// signing keys. The admin functions are <c>AuthorizationLevel.Anonymous</c> on purpose: a function key is a shared
/// secret to leak and rotate, a token names its caller. One policy scheme picks the handler from the request,
/// so a refusal is answered once: 401 without credentials, 403 with a wrong key (or a token without the role).
/// </summary>
public static class AdminAuthentication
{
    public const string Policy = "Admin";
    public const string Scheme = "Admin";
    public const string ApiKeyScheme = "AdminApiKey";

    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var admin = configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() ?? new AdminOptions();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section));

        // No default scheme: read endpoints never run an authentication handler; the admin policy names its scheme.
        var authentication = services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Admin credentials", o => o.ForwardDefaultSelector = context =>
                admin.UsesEntraId && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null);
        if (admin.UsesEntraId)
        {
            authentication.AddJwtBearer(o =>
            {
                o.Authority = new Uri(admin.Instance, $"{admin.EntraTenantId}/v2.0").ToString();
                o.Audience = admin.Audience;
                o.MapInboundClaims = false;
                // v1 tokens (an app registration's default) carry sts.windows.net and api://<app id>; v2 tokens the v2.0 issuer and the bare id.
                o.TokenValidationParameters.ValidIssuers =
                    [new Uri(admin.Instance, $"{admin.EntraTenantId}/v2.0").ToString(), $"https://sts.windows.net/{admin.EntraTenantId}/"];
                o.TokenValidationParameters.ValidAudiences = [admin.Audience!, admin.Audience!.Replace("api://", "", StringComparison.Ordinal)];
                o.TokenValidationParameters.RoleClaimType = "roles";
                o.TokenValidationParameters.NameClaimType = "name";
                o.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
                            "The bearer token is missing, expired or not issued for this API.").ConfigureAwait(false);
                    },
                    OnForbidden = context => WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                        "The token does not carry the admin role."),
                };
            });
        }

        services.AddAuthorizationBuilder().AddPolicy(Policy, p =>
        {
            p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser();
            if (!string.IsNullOrWhiteSpace(admin.RequiredRole))
            {
                p.RequireAssertion(c => c.User.Identity?.AuthenticationType == ApiKeyScheme || c.User.IsInRole(admin.RequiredRole));
            }
        });
        return services;
    }

    /// <summary>
    /// The admin policy applied to one request as the authorization middleware applies it (the Functions app has no endpoint
    /// routing of ours): authenticate, authorize, then <paramref name="next"/>, or the challenge (401) or refusal (403).
    /// </summary>
    public static async Task AuthorizeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        var policy = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(Policy).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The {Policy} authorization policy is not registered (AddAdminAuthentication).");
        var evaluator = services.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, http).ConfigureAwait(false);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, http, http).ConfigureAwait(false);
        await services.GetRequiredService<IAuthorizationMiddlewareResultHandler>().HandleAsync(next, http, policy, authorization).ConfigureAwait(false);
    }

    public static async Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    /// <summary>The <c>X-Api-Key</c> handler: no key → no result (401 on challenge), wrong key → 403, right key → the admin.</summary>
    private sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
        IOptionsMonitor<AdminOptions> admin)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var presented = Request.Headers[AdminCredentials.Header].ToString();
            return Task.FromResult(AdminCredentials.Check(presented, admin.CurrentValue.ApiKey) switch
            {
                AdminAccess.Missing => AuthenticateResult.NoResult(),
                AdminAccess.Wrong => AuthenticateResult.Fail("The API key is wrong."),
                _ => AuthenticateResult.Success(new AuthenticationTicket(
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], ApiKeyScheme)), ApiKeyScheme)),
            });
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            if (!string.IsNullOrEmpty(Request.Headers[AdminCredentials.Header]))
            {
                return WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", $"The {AdminCredentials.Header} header does not hold the admin key.");
            }

            Response.Headers.WWWAuthenticate = admin.CurrentValue.UsesEntraId
                ? $"ApiKey header=\"{AdminCredentials.Header}\", Bearer"
                : $"ApiKey header=\"{AdminCredentials.Header}\"";
            return WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
                admin.CurrentValue.UsesEntraId
                    ? $"Admin endpoints need an Entra ID bearer token or the {AdminCredentials.Header} header."
                    : $"Admin endpoints need the {AdminCredentials.Header} header (the key is Admin:ApiKey; the run verb prints it at start).");
        }

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "These credentials may not call admin endpoints.");
    }
}
