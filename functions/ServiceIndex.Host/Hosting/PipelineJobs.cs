using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.NationalPortal;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// The pipeline's triggers on the local host, with the Functions runtime's semantics: timers on
/// six-field CRON schedules (UTC) that never overlap themselves, and queue workers.
/// The handlers are the same classes the Azure Functions shell calls.
/// </summary>
internal static partial class PipelineJobs
{
    public static IServiceCollection AddPipelineJobs(this IServiceCollection services, IConfiguration configuration)
    {
        // AddSingleton, not AddHostedService: the latter de-duplicates by implementation type and
        // would keep only the first of these timers.
        // A feed notification (POST /api/feed/notify) brings the pull forward; the apply workers draining the queue
        // bring the refresh forward (LocalHost:RefreshAfterApply), so a change reaches the scores without waiting for timers.
        services.AddSingleton<IHostedService>(sp => Timer(sp, "Pull", o => o.PullSchedule, runOnStart: true,
            (s, ct) => s.GetRequiredService<PullJob>().RunAsync(null, ct), sp.GetRequiredService<PipelineTriggers>().PullRequested));
        services.AddSingleton<IHostedService>(sp => Timer(sp, "Refresh", o => o.RefreshSchedule, runOnStart: true,
            (s, ct) => s.GetRequiredService<ScoreRefresher>().RefreshAsync(ct), sp.GetRequiredService<PipelineTriggers>().Applied));
        services.AddSingleton<IHostedService>(sp => Timer(sp, "Recompute", o => o.RecomputeSchedule, runOnStart: false,
            (s, ct) => s.GetRequiredService<RecomputeJob>().RunAsync(new RecomputeRequest(), ct)));
        // The national portal's published scores (off without NationalPortal:BaseUrl): once at start, so the national table arrives
        // without waiting for 02:00, then on its schedule.
        services.AddSingleton<IHostedService>(sp => new CronTimer("NationalPortal", sp.GetRequiredService<IOptions<NationalPortalOptions>>().Value.Schedule,
            ct => sp.GetRequiredService<PortalReadJob>().RunAsync(ct), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CronTimer>>(),
            runOnStart: sp.GetRequiredService<IOptions<NationalPortalOptions>>().Value.Enabled));
        var refreshAfterApply = configuration.GetValue($"{LocalHostOptions.Section}:{nameof(LocalHostOptions.RefreshAfterApply)}", true);
        services.AddSingleton<IHostedService>(sp => new TriggerSettings(sp.GetRequiredService<PipelineTriggers>(), refreshAfterApply));
        var workers = Math.Max(1, configuration.GetValue($"{LocalHostOptions.Section}:{nameof(LocalHostOptions.ApplyWorkers)}", 4));
        for (var i = 0; i < workers; i++)
        {
            services.AddSingleton<IHostedService>(sp => new ApplyWorker(sp.GetRequiredService<ApplyQueueWorker>(), sp.GetRequiredService<PipelineStorage>(),
                sp.GetRequiredService<ILogger<ApplyQueueWorker>>()));
        }

        return services;
    }

    private static CronTimer Timer(IServiceProvider sp, string name, Func<PipelineOptions, string> schedule, bool runOnStart,
        Func<IServiceProvider, CancellationToken, Task> job, PipelineSignal? wake = null) =>
        new(name, schedule(sp.GetRequiredService<IOptions<PipelineOptions>>().Value), ct => job(sp, ct),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CronTimer>>(), runOnStart, wake);

    /// <summary>Applies the local host's trigger settings before the workers start.</summary>
    private sealed class TriggerSettings(PipelineTriggers triggers, bool refreshAfterApply) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            triggers.RefreshFollowsApply = refreshAfterApply;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>One queue worker: polls until shutdown; a message in hand when stopping reappears after its visibility timeout.</summary>
    private sealed partial class ApplyWorker(ApplyQueueWorker worker, PipelineStorage storage, ILogger<ApplyQueueWorker> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                // Storage may be busy or slow at start: keep trying, as the worker's own polling does.
                while (true)
                {
                    try
                    {
                        await storage.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        LogNotReady(logger, ex.Message);
                        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                    }
                }

                await worker.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Storage not ready for the queue worker: {Reason}")]
        private static partial void LogNotReady(ILogger logger, string reason);
    }
}
