using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's outcome windows: at each guard evaluation (once a second) every replica writes its per-second outcome counts of
/// the last <see cref="Republished"/> seconds to Redis (one pipelined round trip, overwriting, so
/// outcomes that completed late still arrive) and reads every replica's counts of the last
/// <see cref="Summed"/> seconds (one more round trip), whose sums replace those seconds in the
/// fleet's windows. The guard runs the exchange just before it judges these windows, while the
/// store answers (the leader acts on them, the others show the same verdicts); never a Redis call
/// on the request path. A second's outcomes reach the fleet's windows at the next evaluation of
/// every replica: the leader judges its own at once and the others' about a second later.
/// </summary>
internal sealed partial class FleetOutcomes(
    RolloutRuntime runtime,
    FleetStore store,
    TimeProvider time,
    ILogger<FleetOutcomes> logger)
{
    /// <summary>Seconds before now this replica writes each time: the last completed ones.</summary>
    private const int Republished = 3;

    /// <summary>Seconds before now summed each time.</summary>
    private const int Summed = 5;

    private readonly ConcurrentDictionary<string, FeatureWindows> _windows = new(StringComparer.Ordinal);

    /// <summary>The fleet's windows of an observed feature (sums over every replica), or null when it is not observed.</summary>
    public FeatureWindows? For(FeatureView feature)
    {
        if (feature.Windows is not { } local)
        {
            return null;
        }

        var windows = _windows.GetOrAdd(feature.Name, static (_, seconds) => new FeatureWindows(seconds), local.Seconds);
        if (windows.Seconds != local.Seconds)
        {
            // The guard window changed in the file: the sums are rebuilt from Redis at the next exchange.
            _windows[feature.Name] = windows = new FeatureWindows(local.Seconds);
        }

        return windows;
    }

    /// <summary>One exchange: this replica's recent seconds out, the fleet's sums in.</summary>
    public async Task ExchangeOnceAsync()
    {
        var view = runtime.View;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var gone in _windows.Keys.Where(name => view.FeaturesByName.GetValueOrDefault(name)?.Windows is null))
        {
            // No longer observed (removed, or at 0 %): its sums go with it.
            _windows.TryRemove(gone, out _);
        }

        var longest = view.Features.Select(f => f.Windows?.Seconds ?? 0).DefaultIfEmpty(0).Max();
        if (longest == 0)
        {
            return;
        }

        try
        {
            var outgoing = new List<(long, string)>(Republished);
            for (var second = now - Republished; second <= now; second++)
            {
                // The current second too: a guard that judges it locally sees it in the fleet's windows at the next exchange.
                if (OutcomeCodec.Encode(view, second) is { Length: > 0 } counts)
                {
                    outgoing.Add((second, counts));
                }
            }

            if (outgoing.Count > 0)
            {
                await store.PublishOutcomesAsync(outgoing, TimeSpan.FromSeconds(longest + Summed + Republished));
            }

            var seconds = Enumerable.Range(0, Summed + 1).Select(back => now - back).ToArray();
            var skipped = 0;
            foreach (var (second, replicas) in await store.OutcomesAsync(seconds))
            {
                var sums = new Dictionary<(string Feature, bool V4), (int[] Counts, int[] Latency)>();
                foreach (var counts in replicas)
                {
                    skipped += OutcomeCodec.AddTo(counts, sums);
                }

                foreach (var feature in view.Features)
                {
                    if (For(feature) is not { } windows)
                    {
                        continue;
                    }

                    foreach (var v4 in (ReadOnlySpan<bool>)[false, true])
                    {
                        // No replica had traffic there: nothing to write (a window allocates at its first outcome).
                        if (sums.TryGetValue((feature.Name, v4), out var sum))
                        {
                            windows.For(v4).SetSecond(second, sum.Counts, sum.Latency);
                        }
                    }
                }
            }

            if (skipped > 0)
            {
                LogSkipped(logger, skipped);
            }
        }
        catch (FleetUnavailableException)
        {
            // FleetSync notices the loss too; the guard then judges this replica's own windows until the store answers.
        }
    }

    [LoggerMessage(EventId = 232, Level = LogLevel.Warning, Message = "Fleet: skipped {Lines} outcome lines from other replicas that did not parse (a replica of another version?)")]
    private static partial void LogSkipped(ILogger logger, int lines);
}
