using System.Globalization;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>A concrete step that earns points, and what it costs.</summary>
/// <param name="Indicator">The indicator code it raises.</param>
/// <param name="Kind">Stable machine name of the step (for example <c>digitise-components</c>).</param>
/// <param name="Count">How many dossiers (or procedures at a unit, or communes) the step needs.</param>
/// <param name="PointsGained">Points the group gains, rounded to 2 decimals.</param>
/// <param name="Description">The step in Vietnamese, with the count.</param>
/// <param name="Effect"><c>this-period</c>: the period's score rises; <c>later-periods</c>: it stops points being lost in the periods that follow.</param>
public sealed record TargetAction(string Indicator, string Kind, long Count, decimal PointsGained, string Description, string Effect);

/// <summary>One group of the target: the province's points, the 20th province's, the gap and the steps that close it.</summary>
/// <param name="Twentieth">Group points of the 20th best other province (the mark to reach for the top 20); null without a ranking.</param>
/// <param name="Gap">Points still needed to reach <paramref name="Twentieth"/> (0 when reached); null without a ranking.</param>
public sealed record TargetGroup(string Group, decimal Points, decimal Max, decimal? Twentieth, decimal? Gap, IReadOnlyList<TargetAction> Actions);

/// <summary>The response of <c>GET /api/target</c> (<c>docs/api.md</c>).</summary>
/// <param name="RankingPeriod">Label of the imported ranking used (the period's own, else its quarter's or year's).</param>
/// <param name="Provinces">Provinces ranked, this one included.</param>
/// <param name="Rank">This province's rank by its current total among the others' imported totals.</param>
public sealed record TargetResponse(
    PeriodInfo Period,
    string AsOf,
    string UnitId,
    bool RankingImported,
    string? RankingPeriod,
    int? Provinces,
    int? Rank,
    decimal Total,
    decimal? TwentiethTotal,
    IReadOnlyList<TargetGroup> Groups);

/// <summary>
/// <c>GET /api/target?period=P</c>: the gap to the national top 20 per group, from the imported national
/// ranking (<see cref="NationalRankingStore"/>) and the province's own scores, and for each group the
/// cheapest concrete steps, computed from the province's numerators and denominators.
/// </summary>
public sealed class TargetHandler(PeriodScores scores, LedgerRecordCache records, LateDossiersHandler late, NationalRankingStore rankings,
    ScoreRefresher refresher, TimeProvider time)
{
    /// <summary>The rank to reach.</summary>
    public const int TopRank = 20;

    public async Task<ApiResult<TargetResponse>> GetAsync(string? period, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem))
        {
            return problem;
        }

        var document = await scores.GetAsync(p, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return ScoresHandler.NotScored(p.Label);
        }

        var root = Root(document);
        if (root is null)
        {
            return ApiProblem.NotFound("No province", "The hierarchy has no units yet, so there is nothing to compare.");
        }

        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        var e = Rfc3339.TryParse(document.AsOf, out var asOf) ? p.EvaluationMoment(asOf) : p.EvaluationMoment(time.GetUtcNow());
        var subtree = view.SubtreeOf(root.UnitId) ?? [root.UnitId];
        var overdueOpen = late.Late(view, p, e).Where(d => (d.Open || d.AwaitingSupplement) && subtree.Contains(d.UnitId)).ToList();
        var ranking = await rankings.FindForAsync(p, cancellationToken).ConfigureAwait(false);
        return Compute(document, root, ranking, overdueOpen, refresher.Rules);
    }

    /// <summary>The province: the root unit of level province (else the first root).</summary>
    public static UnitScoreDocument? Root(ScoreDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var ids = document.Units.Select(u => u.UnitId).ToHashSet(StringComparer.Ordinal);
        var roots = document.Units.Where(u => u.ParentId is null || !ids.Contains(u.ParentId)).ToList();
        return roots.FirstOrDefault(u => u.Level == "province") ?? roots.FirstOrDefault();
    }

    /// <summary>The target for <paramref name="root"/> against <paramref name="ranking"/> (null: not imported).</summary>
    public static TargetResponse Compute(ScoreDocument document, UnitScoreDocument root, NationalRankingDocument? ranking,
        IReadOnlyList<LateDossier> overdueOpen, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(overdueOpen);
        ArgumentNullException.ThrowIfNull(rules);
        var others = ranking?.Provinces.Where(r => !r.IsSelf).ToList();
        decimal? Twentieth(Func<NationalProvince, decimal> value) =>
            others is { Count: >= TopRank } ? others.Select(value).OrderByDescending(v => v).ElementAt(TopRank - 1) : null;

        var groups = new List<TargetGroup>();
        foreach (var group in Groups.All)
        {
            var points = root.Groups.GetValueOrDefault(group);
            var twentieth = Twentieth(r => r.Groups.GetValueOrDefault(group));
            decimal? gap = twentieth is { } t ? Math.Max(0, t - points) : null;
            groups.Add(new TargetGroup(group, points, rules.MaxOfGroup(group), twentieth, gap, TargetActions.For(root, group, gap, overdueOpen, rules)));
        }

        return new TargetResponse(
            document.Period,
            document.AsOf,
            root.UnitId,
            ranking is not null,
            ranking?.Period,
            others is null ? null : others.Count + 1,
            others is null ? null : 1 + others.Count(o => o.Total > root.Total),
            root.Total,
            Twentieth(r => r.Total),
            groups);
    }
}

/// <summary>
/// The steps that raise a group's points, computed by inverting <c>points = max × min(1, n / (d × threshold))</c>
/// against the province's own numerator n and denominator d: each further item of the numerator is worth
/// <c>max / (d × threshold)</c> points until the indicator is full. A step aims at the group's gap when it can
/// close it alone, else at everything the indicator still loses. Steps are sorted by points per item.
/// </summary>
public static class TargetActions
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The step each indicator offers: its kind and its description with the count as <c>{0}</c>.</summary>
    private static readonly Dictionary<string, (string Kind, string Text)> Steps = new(StringComparer.Ordinal)
    {
        ["T1"] = ("announce-on-time", "Công bố đúng hạn thêm {0} thủ tục hành chính (tính theo đơn vị thực hiện)"),
        ["T2"] = ("publish-on-time", "Công khai đúng hạn thêm {0} thủ tục hành chính (tính theo đơn vị thực hiện)"),
        ["T3"] = ("publish-complete", "Công khai đầy đủ thêm {0} thủ tục hành chính (tính theo đơn vị thực hiện)"),
        ["T4"] = ("sync-to-national-portal", "Đồng bộ thêm {0} hồ sơ lên Cổng Dịch vụ công quốc gia"),
        ["O1"] = ("offer-online", "Cung cấp dịch vụ công trực tuyến cho thêm {0} thủ tục (tính theo đơn vị thực hiện)"),
        ["O2"] = ("online-dossier-procedures", "Phát sinh hồ sơ trực tuyến ở thêm {0} thủ tục đã cung cấp trực tuyến"),
        ["O3"] = ("submit-online", "Thêm {0} hồ sơ nộp trực tuyến (thay vì nộp trực tiếp)"),
        ["M1"] = ("pay-online", "Thêm {0} hồ sơ phải nộp phí, lệ phí được thanh toán trực tuyến"),
        ["M2"] = ("paid-online-procedures", "Phát sinh thanh toán trực tuyến ở thêm {0} thủ tục có thu phí"),
        ["M3"] = ("enable-online-payment", "Triển khai thanh toán trực tuyến cho thêm {0} thủ tục có thu phí"),
        ["D1"] = ("digitise-results", "Cấp kết quả điện tử cho thêm {0} hồ sơ của TTHC có kết quả giấy"),
        ["D2"] = ("digitise-components", "Số hóa thành phần hồ sơ (và cấp kết quả điện tử với TTHC có kết quả giấy) của thêm {0} hồ sơ"),
        ["D3"] = ("e-certified-copy", "Triển khai chứng thực bản sao điện tử tại thêm {0} xã"),
        ["D4"] = ("reuse-digital-data", "Tái sử dụng dữ liệu đã số hóa cho thêm {0} hồ sơ"),
        ["D5"] = ("link-citizen-store", "Đưa kết quả của thêm {0} hồ sơ vào kho dữ liệu điện tử của công dân"),
        ["D6"] = ("use-population-data", "Khai thác Cơ sở dữ liệu quốc gia về dân cư cho thêm {0} hồ sơ"),
        ["D7"] = ("population-data-procedures", "Khai thác dữ liệu dân cư ở thêm {0} thủ tục (tính theo đơn vị thực hiện)"),
    };

    /// <summary>Vietnamese names of the field codes of the catalogue (the dashboard's list).</summary>
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["dat-dai"] = "đất đai", ["ho-tich"] = "hộ tịch", ["chung-thuc"] = "chứng thực", ["tu-phap"] = "tư pháp", ["dau-tu"] = "đầu tư",
        ["doanh-nghiep"] = "doanh nghiệp", ["xay-dung"] = "xây dựng", ["giao-thong"] = "giao thông vận tải", ["moi-truong"] = "môi trường",
        ["lao-dong"] = "lao động", ["giao-duc"] = "giáo dục và đào tạo", ["y-te"] = "y tế", ["bao-tro-xa-hoi"] = "bảo trợ xã hội",
        ["nguoi-co-cong"] = "người có công", ["cong-thuong"] = "công thương", ["dan-toc"] = "dân tộc", ["du-lich"] = "du lịch",
        ["khoa-hoc"] = "khoa học và công nghệ", ["noi-vu"] = "nội vụ", ["thi-dua"] = "thi đua – khen thưởng", ["ton-giao"] = "tôn giáo",
        ["nong-nghiep"] = "nông nghiệp", ["tai-chinh"] = "tài chính", ["thong-tin"] = "thông tin và truyền thông", ["van-hoa"] = "văn hóa",
        ["ngoai-vu"] = "ngoại vụ",
    };

    /// <summary>The steps of one group, best points per item first.</summary>
    /// <param name="gap">Points the group still needs (null or 0: list what every step can still earn).</param>
    /// <param name="overdueOpen">Dossiers overdue at e and still unhandled in the province, open or awaiting a supplement (for P1).</param>
    public static IReadOnlyList<TargetAction> For(UnitScoreDocument unit, string group, decimal? gap, IReadOnlyList<LateDossier> overdueOpen, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(overdueOpen);
        ArgumentNullException.ThrowIfNull(rules);
        var actions = new List<(TargetAction Action, decimal PerItem)>();
        foreach (var (code, indicator) in unit.Indicators)
        {
            if (!Steps.ContainsKey(code) && code != "P1")
            {
                continue;
            }

            if (!IndexRulesHas(rules, code) || rules[code].Group != group)
            {
                continue;
            }

            if (code == "P1")
            {
                actions.AddRange(ResolveOverdue(indicator, overdueOpen, rules));
            }
            else if (Raise(code, indicator, gap, rules) is { } s)
            {
                actions.Add(s);
            }
        }

        return [.. actions.OrderByDescending(a => a.PerItem).ThenBy(a => a.Action.Indicator, StringComparer.Ordinal).Select(a => a.Action)];
    }

    /// <summary>
    /// Raises the numerator of a ratio indicator (same denominator): the items needed to gain the gap
    /// (when the indicator can close it alone) or to reach full points.
    /// </summary>
    public static (TargetAction Action, decimal PerItem)? Raise(string code, IndicatorDocument indicator, decimal? gap, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(rules);
        var rule = rules[code];
        long n = indicator.Numerator, d = indicator.Denominator;
        if (d <= 0)
        {
            return null;
        }

        // O3's ratio is weighted by T4's (portal 3.3): more online dossiers earn points only as far as they are synced.
        var factor = indicator.Factor ?? 1m;
        if (factor <= 0)
        {
            return null;
        }

        var current = rules.Points(code, n, d, factor);
        var lost = rule.Max - current;
        if (lost <= 0)
        {
            return null;
        }

        // Smallest numerator with full points: n × factor / (d × threshold) ≥ 1 (at most every item).
        var full = Math.Min(d, (long)Math.Ceiling(d * rule.Threshold / factor));
        var headroom = Math.Max(0, full - n);
        if (headroom == 0)
        {
            return null;
        }

        var count = headroom;
        if (gap is { } g && g > 0 && g < lost)
        {
            // Each item is worth max / (d × threshold) points below the cap; tolerate decimal division's last digit.
            var needed = g * d * rule.Threshold / (rule.Max * factor);
            count = Math.Min(headroom, (long)Math.Ceiling(needed - 0.000000000001m));
        }

        var gained = rules.Points(code, n + count, d, factor) - current;
        var (kind, text) = Steps[code];
        var action = new TargetAction(code, kind, count, Output.Round(gained), string.Format(Vietnamese, text, count.ToString("N0", Vietnamese)), "this-period");
        return (action, gained / count);
    }

    /// <summary>
    /// P1: overdue dossiers stay in the progress scope of every period while they are unhandled, and count as
    /// late in the period they are finally handled in; resolving them now stops the loss in the periods after.
    /// Two steps: the open ones past their deadline, and those stalled waiting for a supplement the portal already
    /// counts as overdue (asked more than once, or after the deadline: rule 2.1). Points gained: P1 of the same
    /// figures without them.
    /// </summary>
    private static IEnumerable<(TargetAction Action, decimal PerItem)> ResolveOverdue(IndicatorDocument indicator,
        IReadOnlyList<LateDossier> overdue, IndexRules rules)
    {
        if (Resolve(indicator, [.. overdue.Where(o => o.Open)], rules, "resolve-overdue",
                "Giải quyết dứt điểm {0} hồ sơ đang quá hạn ({1}); hồ sơ quá hạn còn tồn bị tính trễ hạn ở mọi kỳ đánh giá cho đến khi được giải quyết")
            is { } open)
        {
            yield return open;
        }

        if (Resolve(indicator, [.. overdue.Where(o => o.AwaitingSupplement)], rules, "answer-supplements",
                "Xử lý dứt điểm {0} hồ sơ đang chờ bổ sung bị tính quá hạn ({1}): yêu cầu bổ sung từ lần thứ hai trở đi hoặc sau hạn " +
                "giải quyết được cổng quốc gia tính là trễ hạn cho đến khi có kết quả")
            is { } waiting)
        {
            yield return waiting;
        }
    }

    private static (TargetAction Action, decimal PerItem)? Resolve(IndicatorDocument indicator, IReadOnlyList<LateDossier> dossiers, IndexRules rules,
        string kind, string text)
    {
        var k = dossiers.Count;
        long n = indicator.Numerator, d = indicator.Denominator;
        if (k == 0 || d - k <= 0)
        {
            return null;
        }

        var current = rules.Points("P1", n, d);
        var gained = rules.Points("P1", n, d - k) - current;
        if (gained <= 0)
        {
            return null;
        }

        var byField = dossiers.GroupBy(o => o.Field ?? "").OrderByDescending(f => f.Count()).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
        var named = byField.Take(3).Select(f => string.Format(Vietnamese, "{0}: {1}",
            f.Key.Length == 0 ? "không rõ lĩnh vực" : FieldNames.GetValueOrDefault(f.Key, f.Key), f.Count().ToString("N0", Vietnamese))).ToList();
        var rest = byField.Skip(3).Sum(f => f.Count());
        if (rest > 0)
        {
            named.Add(string.Format(Vietnamese, "lĩnh vực khác: {0}", rest.ToString("N0", Vietnamese)));
        }

        var description = string.Format(Vietnamese, text, k.ToString("N0", Vietnamese), string.Join(", ", named));
        return (new TargetAction("P1", kind, k, Output.Round(gained), description, "later-periods"), gained / k);
    }

    private static bool IndexRulesHas(IndexRules rules, string code) => IndexRules.Codes.Contains(code) && rules[code] is not null;
}
