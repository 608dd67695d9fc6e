using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/reports/leadership. The answer is the shared HTTP layer's (<see cref="ReportsEndpoints.GetLeadershipReport"/>), as on the local host.</summary>
public sealed class LeadershipReportFunction
{
    [Function("GetLeadershipReport")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/reports/leadership")] HttpRequest request) => ReportsEndpoints.GetLeadershipReport.Answer(request);
}
