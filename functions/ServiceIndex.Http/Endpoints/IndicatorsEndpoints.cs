using Microsoft.AspNetCore.Http.HttpResults;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Http.Endpoints;

/// <summary>The indicator catalogue, as configured.</summary>
public static class IndicatorsEndpoints
{
    public static readonly ApiEndpoint GetIndicators = new("GetIndicators", "GET", "api/indicators", Get, b => b.WithTags("Scores")
        .WithSummary("The indicator catalogue")
        .WithDescription("Every indicator's code, group, portal bar, Vietnamese name, maximum and full-points threshold as configured " +
                         "(Scoring:RulesFile, else the table of index-766.md); the six bars and five groups with their maxima (sums of their " +
                         "indicators') and the total's. The dashboard and the Excel exports name and scale everything from it."));

    private static Ok<IndicatorCatalogue> Get(IndicatorCatalogue catalogue) => TypedResults.Ok(catalogue);
}
