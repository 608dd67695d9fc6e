using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/forecast. The answer is the shared HTTP layer's (<see cref="OutlookEndpoints.GetForecast"/>), as on the local host.</summary>
public sealed class ForecastFunction
{
    [Function("GetForecast")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/forecast")] HttpRequest request) => OutlookEndpoints.GetForecast.Answer(request);
}
