using System.Globalization;
using System.Text;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// One replica's outcome counts of one second as text, a line per (feature, backend) with traffic:
/// <c>feature TAB v3|v4 TAB counters TAB latency</c>, the counters comma-separated in the order of
/// <see cref="OutcomeWindow.ReadSecond"/> and the latency histogram as sparse <c>bucket:count</c>
/// pairs. Feature names are letters, digits and '_', so tabs and newlines never occur in them.
/// </summary>
internal static class OutcomeCodec
{
    /// <summary>The second's counts of every observed feature of <paramref name="view"/>; empty when none had traffic.</summary>
    public static string Encode(RolloutView view, long second)
    {
        var text = new StringBuilder();
        Span<int> counts = stackalloc int[OutcomeWindow.Counters];
        Span<int> latency = stackalloc int[LatencyBuckets.Count];
        foreach (var feature in view.Features)
        {
            if (feature.Windows is not { } windows)
            {
                continue;
            }

            foreach (var v4 in (ReadOnlySpan<bool>)[false, true])
            {
                if (!windows.For(v4).ReadSecond(second, counts, latency))
                {
                    continue;
                }

                text.Append(feature.Name).Append('\t').Append(v4 ? "v4" : "v3").Append('\t');
                for (var i = 0; i < counts.Length; i++)
                {
                    text.Append(i == 0 ? "" : ",").Append(counts[i].ToString(CultureInfo.InvariantCulture));
                }

                text.Append('\t');
                var first = true;
                for (var i = 0; i < latency.Length; i++)
                {
                    if (latency[i] != 0)
                    {
                        text.Append(first ? "" : ",").Append(i.ToString(CultureInfo.InvariantCulture)).Append(':').Append(latency[i].ToString(CultureInfo.InvariantCulture));
                        first = false;
                    }
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Adds every line of <paramref name="encoded"/> to <paramref name="sums"/> (keyed by feature and
    /// backend; arrays of <see cref="OutcomeWindow.Counters"/> and <see cref="LatencyBuckets.Count"/>).
    /// A line that does not parse (another version's, or damaged) is skipped and counted.
    /// </summary>
    /// <returns>The number of lines skipped.</returns>
    public static int AddTo(string encoded, Dictionary<(string Feature, bool V4), (int[] Counts, int[] Latency)> sums)
    {
        var skipped = 0;
        foreach (var line in encoded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length != 4 || parts[1] is not ("v3" or "v4"))
            {
                skipped++;
                continue;
            }

            var counts = parts[2].Split(',');
            if (counts.Length != OutcomeWindow.Counters)
            {
                skipped++;
                continue;
            }

            var parsedCounts = new int[OutcomeWindow.Counters];
            var parsedLatency = new int[LatencyBuckets.Count];
            if (!Parse(counts, parsedCounts) || !ParseLatency(parts[3], parsedLatency))
            {
                skipped++;
                continue;
            }

            var key = (parts[0], parts[1] == "v4");
            if (!sums.TryGetValue(key, out var sum))
            {
                sums[key] = sum = (new int[OutcomeWindow.Counters], new int[LatencyBuckets.Count]);
            }

            for (var i = 0; i < parsedCounts.Length; i++)
            {
                sum.Counts[i] += parsedCounts[i];
            }

            for (var i = 0; i < parsedLatency.Length; i++)
            {
                sum.Latency[i] += parsedLatency[i];
            }
        }

        return skipped;
    }

    private static bool Parse(string[] counts, int[] into)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            if (!int.TryParse(counts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            into[i] = n;
        }

        return true;
    }

    private static bool ParseLatency(string pairs, int[] into)
    {
        if (pairs.Length == 0)
        {
            return true;
        }

        foreach (var pair in pairs.Split(','))
        {
            var colon = pair.IndexOf(':');
            if (colon < 0
                || !int.TryParse(pair.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var bucket)
                || bucket >= into.Length
                || !int.TryParse(pair.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            into[bucket] += n;
        }

        return true;
    }
}
