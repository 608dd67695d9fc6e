using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>Registers the read side (query handlers, their caches) and the admin commands shared by the HTTP hosts.</summary>
public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// Adds every query handler of the HTTP API and <see cref="AdminHandler"/>, bound to the <c>Api</c>
    /// section of <paramref name="configuration"/>. Call after <c>AddServiceIndexPipeline</c>. Idempotent.
    /// </summary>
    public static IServiceCollection AddServiceIndexQueries(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.TryAddSingleton<LedgerRecordCache>();
        services.TryAddSingleton<ScoreDocumentCache>();
        services.TryAddSingleton<PeriodScores>();
        services.TryAddSingleton<NationalRankingStore>();
        services.TryAddSingleton<UnitsHandler>();
        services.TryAddSingleton<FeedNotifyHandler>();
        services.TryAddSingleton<ScoresHandler>();
        services.TryAddSingleton<RankingsHandler>();
        services.TryAddSingleton<LateDossiersHandler>();
        services.TryAddSingleton<DueSoonHandler>();
        services.TryAddSingleton<StatusHandler>();
        services.TryAddSingleton<DeadLettersHandler>();
        services.TryAddSingleton<TrendHandler>();
        services.TryAddSingleton<TargetHandler>();
        services.TryAddSingleton<ReconciliationHandler>();
        services.TryAddSingleton<ProcedureFigures>();
        services.TryAddSingleton<ProceduresHandler>();
        services.TryAddSingleton<HandlingTimesHandler>();
        services.TryAddSingleton<CompareHandler>();
        services.TryAddSingleton<AdminHandler>();
        services.TryAddSingleton<LedgerScores>();
        services.TryAddSingleton<ForecastHandler>();
        services.TryAddSingleton<DayCourses>();
        services.TryAddSingleton<TrajectoryHandler>();
        services.TryAddSingleton<LeadershipReportHandler>();
        return services;
    }
}
