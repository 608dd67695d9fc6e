using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ServiceIndex.Pipeline.NationalSync;

public static class NationalSyncServiceCollectionExtensions
{
    /// <summary>The receiver of the national sync format, bound to the <c>Dvcqg</c> section (validated on start). Idempotent.</summary>
    public static IServiceCollection AddNationalSyncReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DvcqgOptions>().Bind(configuration.GetSection(DvcqgOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DvcqgOptions>, DvcqgOptionsValidator>());
        services.TryAddSingleton<DvcqgSessions>();
        services.TryAddSingleton<DvcqgReceiver>();
        return services;
    }
}
