namespace ServiceIndex.Simulator;

/// <summary>Draws an index with probability proportional to its weight (binary search over the
/// cumulative weights: the hot path draws a unit and a procedure per dossier).</summary>
internal sealed class WeightedSampler
{
    private readonly double[] _cumulative;

    public WeightedSampler(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count];
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            total += Math.Max(0, weights[i]);
            _cumulative[i] = total;
        }

        Total = total;
    }

    public double Total { get; }

    public bool IsEmpty => Total <= 0;

    public int Sample(Random random)
    {
        var x = random.NextDouble() * Total;
        var index = Array.BinarySearch(_cumulative, x);
        index = index < 0 ? ~index : index + 1;

        // Guard against landing on a trailing zero-weight entry through rounding.
        index = Math.Min(index, _cumulative.Length - 1);
        while (index > 0 && _cumulative[index] == _cumulative[index - 1])
        {
            index--;
        }

        return index;
    }
}

internal static class RandomExtensions
{
    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static double Between(this Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    /// <summary>Exponentially distributed value with the given mean.</summary>
    public static double Exponential(this Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>A count with the given mean: the integer part plus one with the fractional part's
    /// probability (keeps small test volumes unbiased).</summary>
    public static int Count(this Random random, double mean)
    {
        var whole = Math.Floor(mean);
        return (int)whole + (random.Chance(mean - whole) ? 1 : 0);
    }
}

/// <summary>Independent random streams derived from one seed, so that e.g. changing a fault rate
/// does not change the history underneath.</summary>
internal static class SeedStreams
{
    public static Random Catalogue(int seed) => new(Mix(seed, 1));

    public static Random History(int seed) => new(Mix(seed, 2));

    public static Random Faults(int seed) => new(Mix(seed, 3));

    public static Random Live(int seed) => new(Mix(seed, 4));

    public static Random Http(int seed) => new(Mix(seed, 5));

    private static int Mix(int seed, int stream) => unchecked((seed * 486_187_739) + (stream * 16_777_619)) & int.MaxValue;
}
