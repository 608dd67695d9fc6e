using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/indicators. The answer is the shared HTTP layer's (<see cref="IndicatorsEndpoints.GetIndicators"/>), as on the local host.</summary>
public sealed class IndicatorsFunction
{
    [Function("GetIndicators")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/indicators")] HttpRequest request) => IndicatorsEndpoints.GetIndicators.Answer(request);
}
