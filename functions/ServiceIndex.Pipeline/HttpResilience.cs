using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace ServiceIndex.Pipeline;

/// <summary>How one outbound HTTP client (the change feed, the national portal) retries and times out.</summary>
/// <param name="TotalTimeout">One request, every retry included.</param>
/// <param name="MaxRetries">Retries after the first attempt (0: none).</param>
/// <param name="RetryBaseDelay">The first backoff; it doubles each retry, with jitter, up to <paramref name="MaxRetryDelay"/>.</param>
/// <param name="AttemptTimeout">One attempt, body included.</param>
/// <param name="Breaker">When to stop calling a service that keeps failing, and for how long.</param>
internal sealed record HttpResiliencePolicy(
    TimeSpan TotalTimeout, int MaxRetries, TimeSpan RetryBaseDelay, TimeSpan MaxRetryDelay, TimeSpan AttemptTimeout, HttpCircuitBreakerStrategyOptions Breaker)
{
    /// <summary>
    /// The one resilience pipeline of the outbound clients, outermost first: a total timeout, retries (exponential
    /// backoff with jitter on 429, 408, 5xx, timeouts and broken connections; <c>Retry-After</c> honoured), a circuit
    /// breaker, and a timeout per attempt. Backoff and timeouts measure real elapsed time, whatever clock the domain
    /// reads "now" from.
    /// </summary>
    public void Build(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.TimeProvider = TimeProvider.System;
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = TotalTimeout });
        if (MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = RetryBaseDelay,
                MaxDelay = MaxRetryDelay,
                ShouldRetryAfterHeader = true,
            });
        }

        pipeline.AddCircuitBreaker(Breaker);
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = AttemptTimeout });
    }
}
