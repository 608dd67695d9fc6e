using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.NationalPortal;

namespace ServiceIndex.Functions.Triggers;

/// <summary>Reads the national portal's published scores: 19:00 UTC by default, which is 02:00 in Vietnam. Off while NationalPortal:BaseUrl is empty.</summary>
public sealed class NationalPortalFunction(PortalReadJob read)
{
    [Function("NationalPortal")]
    public async Task RunAsync([TimerTrigger("%NationalPortal:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await read.RunAsync(cancellationToken).ConfigureAwait(false);
}
