using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Functions.Http;

/// <summary>GET /api/dead-letters (interfaces.md), as the local host maps it.</summary>
public sealed class DeadLettersFunction(DeadLettersHandler deadLetters)
{
    [Function("GetDeadLetters")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dead-letters")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResponses.Get(await deadLetters.GetAsync(request.Query["limit"], cancellationToken).ConfigureAwait(false), request);
}
