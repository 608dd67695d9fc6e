using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ServiceIndex.Http.Telemetry;

/// <summary>
/// <c>GET /metrics</c>: the SDK's own aggregation (a pull reader, cumulative) written in the Prometheus text exposition
/// format 0.0.4. Written here rather than with OpenTelemetry's Prometheus exporter, which the package source serves only
/// as a prerelease built against an older SDK. Names follow OpenTelemetry's Prometheus compatibility rules: dots and other
/// characters outside [a-zA-Z0-9_:] become <c>_</c>, the unit is appended (<c>s</c> → <c>_seconds</c>, <c>By</c> →
/// <c>_bytes</c>, <c>{annotation}</c> dropped), monotonic sums end in <c>_total</c>, histograms give <c>_bucket</c>,
/// <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly TextExporter _exporter = new();
    private readonly Lock _gate = new();

    public PrometheusMetrics() => Reader = new BaseExportingMetricReader(_exporter);

    /// <summary>The reader to add to the meter provider.</summary>
    public MetricReader Reader { get; }

    /// <summary>Collects every instrument now and returns the exposition text.</summary>
    public string Scrape()
    {
        lock (_gate)
        {
            _exporter.Last = string.Empty;
            Reader.Collect();
            return _exporter.Last;
        }
    }

    public void Dispose()
    {
        Reader.Dispose();
        _exporter.Dispose();
    }

    /// <summary>The Prometheus name of an OpenTelemetry instrument (without the <c>_total</c>, <c>_bucket</c>… suffixes).</summary>
    public static string NameOf(string name, string? unit)
    {
        ArgumentNullException.ThrowIfNull(name);
        var baseName = Sanitize(name);
        var suffix = UnitSuffix(unit);
        return suffix.Length == 0 || baseName.EndsWith("_" + suffix, StringComparison.Ordinal) ? baseName : baseName + "_" + suffix;
    }

    private static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return string.Empty;
        }

        // {annotations} carry no unit.
        var plain = System.Text.RegularExpressions.Regex.Replace(unit, @"\{[^}]*\}", string.Empty);
        return plain switch
        {
            "" => string.Empty,
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            "1" => "ratio",
            _ => Sanitize(plain.Replace("/", "_per_", StringComparison.Ordinal)).Trim('_'),
        };
    }

    private static string Sanitize(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            b.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or ':' ? c : '_');
        }

        if (b.Length > 0 && char.IsAsciiDigit(b[0]))
        {
            b.Insert(0, '_');
        }

        return b.ToString();
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeHelp(string text) => text.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string EscapeLabel(string text) =>
        text.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static void Labels(StringBuilder b, ReadOnlyTagCollection tags, string? extraName = null, string? extraValue = null)
    {
        var any = false;
        foreach (var tag in tags)
        {
            b.Append(any ? ',' : '{').Append(Sanitize(tag.Key)).Append("=\"")
                .Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty)).Append('"');
            any = true;
        }

        if (extraName is not null)
        {
            b.Append(any ? ',' : '{').Append(extraName).Append("=\"").Append(extraValue).Append('"');
            any = true;
        }

        if (any)
        {
            b.Append('}');
        }
    }

    private static void Write(StringBuilder b, Metric metric)
    {
        var name = NameOf(metric.Name, metric.Unit);
        var (type, sampleName) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", name + "_total"),
            MetricType.Histogram => ("histogram", name),
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => ("gauge", name),
            _ => (null, name),
        };
        if (type is null)
        {
            return; // exponential histograms are not configured
        }

        var family = type == "counter" ? name + "_total" : name;
        if (!string.IsNullOrEmpty(metric.Description))
        {
            b.Append("# HELP ").Append(family).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
        }

        b.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(b, sampleName, point.Tags, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(b, sampleName, point.Tags, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(b, sampleName, point.Tags, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(b, sampleName, point.Tags, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        b.Append(name).Append("_bucket");
                        Labels(b, point.Tags, "le", Number(bucket.ExplicitBound));
                        b.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    Sample(b, name + "_sum", point.Tags, point.GetHistogramSum());
                    Sample(b, name + "_count", point.Tags, point.GetHistogramCount());
                    break;
            }
        }
    }

    private static void Sample(StringBuilder b, string name, ReadOnlyTagCollection tags, double value)
    {
        b.Append(name);
        Labels(b, tags);
        b.Append(' ').Append(Number(value)).Append('\n');
    }

    private static void Sample(StringBuilder b, string name, ReadOnlyTagCollection tags, long value)
    {
        b.Append(name);
        Labels(b, tags);
        b.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Renders the batch a collection hands it; the metric points are only valid during the call.</summary>
    private sealed class TextExporter : BaseExporter<Metric>
    {
        public string Last { get; set; } = string.Empty;

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var b = new StringBuilder(16 * 1024);
            foreach (var metric in batch)
            {
                Write(b, metric);
            }

            Last = b.ToString();
            return ExportResult.Success;
        }
    }
}
