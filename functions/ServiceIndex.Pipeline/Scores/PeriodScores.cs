using System.Collections.Concurrent;
using System.Globalization;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Ledger;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// The score document of any period: years, quarters and months from the <c>scores</c> table (through
/// <see cref="ScoreDocumentCache"/>); a custom day range computed on demand with Core's
/// <see cref="PeriodScoreBook"/> from the ledger's record rows held by <see cref="LedgerRecordCache"/>.
/// </summary>
/// <remarks>
/// A custom range costs O(records) the first time it is asked for at a given minute and ledger
/// state (about a second per million records); the result is kept for the rest of that minute.
/// Its as-of time is "now" to the whole minute, so repeated requests revalidate to 304.
/// </remarks>
public sealed class PeriodScores(ScoreDocumentCache stored, LedgerRecordCache records, ScoreRefresher refresher, TimeProvider time)
{
    private const int MaxRanges = 16;

    private readonly ConcurrentDictionary<string, Lazy<Task<ScoreDocument>>> _ranges = new(StringComparer.Ordinal);

    public static bool IsStored(Period period) => LedgerPeriods.IsStandard(period);

    /// <summary>Maxima and thresholds the scores are computed with.</summary>
    public IndexRules Rules => refresher.Rules;

    /// <summary>Every unit's scores for the period; null when a standard period has not been scored (yet).</summary>
    /// <param name="revalidate">For a stored period: check storage now (the held copy lacks a unit asked for).</param>
    public async Task<ScoreDocument?> GetAsync(Period period, CancellationToken cancellationToken, bool revalidate = false)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (IsStored(period))
        {
            return await stored.GetAsync(period, cancellationToken, revalidate).ConfigureAwait(false);
        }

        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        var asOf = NowToTheMinute(time);
        var key = string.Create(CultureInfo.InvariantCulture, $"{period.Label}|{view.Version}|{asOf.UtcTicks}");
        if (_ranges.Count > MaxRanges)
        {
            _ranges.Clear();
        }

        var lazy = _ranges.GetOrAdd(key, _ => new Lazy<Task<ScoreDocument>>(() => Task.Run(() => Compute(view, period, asOf, refresher.Rules), CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _ranges.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Forgets computed ranges (after an admin command).</summary>
    public void Clear()
    {
        _ranges.Clear();
        stored.Clear();
    }

    /// <summary>The period's scores computed from records (any period; what the scores table must agree with).</summary>
    public static ScoreDocument Compute(LedgerView view, Period period, DateTimeOffset asOf, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(view);
        var book = new PeriodScoreBook(period, asOf, rules);
        foreach (var record in view.Live)
        {
            book.Apply(record);
        }

        return book.Document();
    }

    /// <summary>Now, cut to the whole minute: lists and ranges computed "as of now" stay identical (and their ETags equal) for a minute.</summary>
    public static DateTimeOffset NowToTheMinute(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }
}
