using ServiceIndex.Core.Scoring;
using ServiceIndex.Http.Endpoints;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http;

/// <summary>Every endpoint of the API (interfaces.md, docs/api.md), and the services both hosts answer them with.</summary>
public static class ServiceIndexApi
{
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } =
    [
        ScoresEndpoints.GetScores, ScoresEndpoints.GetRankings, UnitsEndpoints.GetUnits,
        DossiersEndpoints.GetLateDossiers, DossiersEndpoints.GetDueSoon,
        ProceduresEndpoints.GetProcedures, ProceduresEndpoints.GetHandlingTimes,
        ScoresEndpoints.CompareUnits, ScoresEndpoints.GetTarget, ScoresEndpoints.GetTrend,
        OutlookEndpoints.GetForecast, OutlookEndpoints.GetTrajectory, ReportsEndpoints.GetLeadershipReport,
        PipelineEndpoints.GetStatus, PipelineEndpoints.NotifyFeed, PipelineEndpoints.GetOperations, PipelineEndpoints.GetDeadLetters,
        AdminEndpoints.Recompute, AdminEndpoints.Replay, AdminEndpoints.ImportNationalRanking, AdminEndpoints.RedrivePoison,
        NationalSyncEndpoints.Authenticate, NationalSyncEndpoints.Push, IndicatorsEndpoints.GetIndicators,
        ReconciliationEndpoints.GetReconciliation,
    ];

    /// <summary>Query handlers, JSON as the score document writes it, problem details, the exception handler and admin authentication.</summary>
    public static IServiceCollection AddServiceIndexHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddServiceIndexQueries(configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = ScoreJson.Options.Encoder); // camelCase, Vietnamese unescaped
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddAdminAuthentication(configuration);
        services.AddSingleton<ApiEndpoint.Delegates>();
        return services;
    }

    /// <summary>Maps every endpoint (the local host).</summary>
    public static IEndpointRouteBuilder MapServiceIndexEndpoints(this IEndpointRouteBuilder routes)
    {
        foreach (var endpoint in Endpoints)
        {
            endpoint.Map(routes);
        }

        return routes;
    }
}
