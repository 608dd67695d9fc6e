using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace ServiceIndex.Pipeline.Storage;

/// <summary>
/// A blob lease that makes a job a singleton across processes, as a Functions singleton timer is:
/// 60-second lease renewed every 20 seconds while the job runs; <see cref="Lost"/> fires if renewal fails.
/// </summary>
internal sealed class SingletonLease : IAsyncDisposable
{
    // As the Functions runtime's singleton lock: after a crash, the next puller takes over within 15 s.
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private SingletonLease(BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        _lease = lease;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewing = RenewAsync();
    }

    /// <summary>Cancelled when the caller cancels or the lease is lost.</summary>
    public CancellationToken Token => _lost.Token;

    public bool Lost { get; private set; }

    /// <summary>Takes the lease on <c>leases/{name}</c>; null when another process holds it.</summary>
    public static async Task<SingletonLease?> TryAcquireAsync(BlobContainerClient leases, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var blob = leases.GetBlobClient(name);
        var lease = blob.GetBlobLeaseClient();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await lease.AcquireAsync(Duration, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new SingletonLease(lease, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && attempt == 1)
            {
                // First run against this account: the lease blob does not exist yet.
                await EnsureBlobAsync(blob, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        try
        {
            await _lease.ReleaseAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Lost or expired already: it frees itself.
        }

        _lost.Dispose();
        _stop.Dispose();
    }

    private static async Task EnsureBlobAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Exists already (and may be leased): fine.
        }
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await _lease.RenewAsync(cancellationToken: _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the job is over.
        }
        catch (RequestFailedException)
        {
            Lost = true;
            await _lost.CancelAsync().ConfigureAwait(false);
        }
    }
}
