using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Host.Apis;
using ServiceIndex.Http;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>How admin credentials are set up, without calling Entra ID.</summary>
public sealed class AdminAuthenticationTests
{
    [Fact]
    public async Task Locally_only_the_API_key_scheme_exists()
    {
        await using var services = Services(new() { ["Admin:ApiKey"] = "k" });
        var schemes = await services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();

        Assert.Equal([AdminAuthentication.Scheme, AdminAuthentication.ApiKeyScheme], schemes.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Null(await services.GetRequiredService<IAuthenticationSchemeProvider>().GetDefaultAuthenticateSchemeAsync());
    }

    [Fact]
    public async Task With_a_tenant_and_an_audience_Entra_ID_bearer_tokens_are_validated_against_the_tenant()
    {
        await using var services = Services(new() { ["Admin:EntraTenantId"] = "11111111-2222-3333-4444-555555555555", ["Admin:Audience"] = "api://serviceindex" });
        var schemes = await services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        var jwt = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        Assert.Contains(schemes, s => s.Name == JwtBearerDefaults.AuthenticationScheme);
        Assert.Equal("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0", jwt.Authority);
        Assert.Equal("api://serviceindex", jwt.Audience);
        Assert.Equal("roles", jwt.TokenValidationParameters.RoleClaimType);

        // v1 tokens (an app registration's default) and v2 tokens alike, in both hosts (the Functions app composes the same).
        Assert.Equal(
            ["https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0", "https://sts.windows.net/11111111-2222-3333-4444-555555555555/"],
            jwt.TokenValidationParameters.ValidIssuers);
        Assert.Equal(["api://serviceindex", "serviceindex"], jwt.TokenValidationParameters.ValidAudiences);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddAdminAuthentication(configuration);
        return services.BuildServiceProvider();
    }
}
