using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// Admin credentials in Azure: Entra ID bearer tokens of Admin:EntraTenantId for Admin:Audience (app
/// settings set by infra-bicep), validated in the worker against the tenant's signing keys. The admin
/// functions are AuthorizationLevel.Anonymous on purpose: a function key is a shared secret to leak and
/// rotate, a token names its caller. Without both settings every admin call gets 401.
/// </summary>
internal static class EntraAdmin
{
    public static IServiceCollection AddEntraAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        var (tenant, audience) = (configuration["Admin:EntraTenantId"], configuration["Admin:Audience"]);
        services.AddAuthentication().AddJwtBearer(o =>
        {
            o.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0";
            o.MapInboundClaims = false;
            o.TokenValidationParameters.RoleClaimType = "roles";
            // v1 tokens (an app registration's default) carry sts.windows.net and api://<app id>; v2 tokens the v2.0 issuer and the bare id.
            o.TokenValidationParameters.ValidIssuers = [$"https://login.microsoftonline.com/{tenant}/v2.0", $"https://sts.windows.net/{tenant}/"];
            o.TokenValidationParameters.ValidAudiences = [audience, audience?.Replace("api://", "", StringComparison.Ordinal)];
        });
        return services;
    }

    /// <summary>Null when the caller holds a valid admin token; otherwise the 401 (403: the token lacks Admin:RequiredRole) to answer.</summary>
    public static async Task<IResult?> RefuseAsync(HttpRequest request)
    {
        var settings = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>().GetSection("Admin");
        var configured = !string.IsNullOrWhiteSpace(settings["EntraTenantId"]) && !string.IsNullOrWhiteSpace(settings["Audience"]);
        var token = configured ? await request.HttpContext.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false) : AuthenticateResult.NoResult();
        if (!token.Succeeded)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResponses.Problem(new ApiProblem(401, "Unauthorized", "Admin endpoints need an Entra ID bearer token issued for this API."));
        }

        return settings["RequiredRole"] is { Length: > 0 } role && !token.Principal.IsInRole(role)
            ? ApiResponses.Problem(new ApiProblem(403, "Forbidden", "The token does not carry the admin role."))
            : null;
    }
}
