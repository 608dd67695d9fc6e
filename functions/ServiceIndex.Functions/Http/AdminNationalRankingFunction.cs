using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Http.Endpoints;

namespace ServiceIndex.Functions.Http;

/// <summary>PUT /api/admin/national-ranking: anonymous at the platform, an admin credential checked by the HTTP layer. The answer is the shared HTTP layer's (<see cref="AdminEndpoints.ImportNationalRanking"/>), as on the local host.</summary>
public sealed class AdminNationalRankingFunction
{
    [Function("ImportNationalRanking")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/national-ranking")] HttpRequest request) => AdminEndpoints.ImportNationalRanking.Answer(request);
}
