using System.Collections.Immutable;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>How replicas' per-second outcome counts travel through Redis and add up in the fleet's windows.</summary>
public sealed class OutcomeCodecTests : IDisposable
{
    private const long Second = 1_800_000_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-codec-").FullName;

    [Fact]
    public void Two_replicas_counts_of_a_second_add_up_in_the_fleet_window_as_if_one_replica_had_recorded_them_all()
    {
        var a = View();
        var b = View();
        var reference = new OutcomeWindow(60);
        void Record(RolloutView view, string feature, bool v4, OutcomeKind kind, int status, long microseconds, long second = Second)
        {
            view.FeaturesByName[feature].Windows!.For(v4).Record(second, kind, status, microseconds);
            if (feature == "orders" && v4 && second == Second)
            {
                reference.Record(second, kind, status, microseconds);
            }
        }

        for (var i = 0; i < 3; i++)
        {
            Record(a, "orders", v4: true, OutcomeKind.Success, 200, 50_000 + i);
        }

        Record(a, "orders", v4: true, OutcomeKind.ServerError, 500, 2_000_000);
        Record(a, "orders", v4: false, OutcomeKind.Success, 200, 30_000);
        Record(a, "orders", v4: true, OutcomeKind.Success, 200, 9_000_000, second: Second + 1); // another second: not in this one
        Record(b, "orders", v4: true, OutcomeKind.Success, 200, 40_000);
        Record(b, "orders", v4: true, OutcomeKind.Success, 404, 1_000);
        Record(b, "orders", v4: true, OutcomeKind.ClientAbort, 0, 700_000);
        Record(b, "payments", v4: true, OutcomeKind.Timeout, 0, 30_000_000);

        var sums = new Dictionary<(string Feature, bool V4), (int[] Counts, int[] Latency)>();
        Assert.Equal(0, OutcomeCodec.AddTo(OutcomeCodec.Encode(a, Second), sums));
        Assert.Equal(0, OutcomeCodec.AddTo(OutcomeCodec.Encode(b, Second), sums));
        Assert.Equal([("orders", false), ("orders", true), ("payments", true)], sums.Keys.Order());

        var fleet = new FeatureWindows(60);
        fleet.V4.SetSecond(Second, sums[("orders", true)].Counts, sums[("orders", true)].Latency);
        var summed = fleet.V4.Snapshot(Second, 60);
        var expected = reference.Snapshot(Second, 60);
        Assert.Equal(6, summed.Requests);
        Assert.Equal(
            (expected.Requests, expected.Errors, expected.ClientErrors, expected.Count(OutcomeKind.ClientAbort), expected.P50Ms, expected.P95Ms),
            (summed.Requests, summed.Errors, summed.ClientErrors, summed.Count(OutcomeKind.ClientAbort), summed.P50Ms, summed.P95Ms));
        Assert.Equal(1, sums[("payments", true)].Counts[(int)OutcomeKind.Timeout]);
    }

    [Fact]
    public void A_second_without_traffic_encodes_to_nothing_and_a_slot_reused_by_a_later_second_reads_as_nothing()
    {
        var view = View();
        Assert.Equal(string.Empty, OutcomeCodec.Encode(view, Second));

        var window = view.FeaturesByName["orders"].Windows!.V4;
        window.Record(Second, OutcomeKind.Success, 200, 1_000);
        window.Record(Second + window.Seconds, OutcomeKind.Success, 200, 1_000);
        Span<int> counts = stackalloc int[OutcomeWindow.Counters];
        Span<int> latency = stackalloc int[LatencyBuckets.Count];
        Assert.False(window.ReadSecond(Second, counts, latency));
        Assert.True(window.ReadSecond(Second + window.Seconds, counts, latency));
        Assert.Equal(1, counts[(int)OutcomeKind.Success]);
    }

    [Fact]
    public void Lines_that_do_not_parse_are_skipped_and_counted_and_the_others_still_add_up()
    {
        var sums = new Dictionary<(string Feature, bool V4), (int[] Counts, int[] Latency)>();
        var good = $"orders\tv4\t{string.Join(',', Enumerable.Repeat("1", OutcomeWindow.Counters))}\t3:2\n";
        var bad = "orders\tv5\t1,2\t\n" + "orders\tv4\t1,2,3\t\n" + $"orders\tv4\t{string.Join(',', Enumerable.Repeat("x", OutcomeWindow.Counters))}\t\n"
            + $"orders\tv4\t{string.Join(',', Enumerable.Repeat("1", OutcomeWindow.Counters))}\t999:1\n";

        Assert.Equal(4, OutcomeCodec.AddTo(good + bad, sums));

        var (counts, latency) = sums[("orders", true)];
        Assert.All(counts, c => Assert.Equal(1, c));
        Assert.Equal(2, latency[3]);
        Assert.Equal(2, latency.Sum());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A replica's view of a rollout with two features in stage partial (observed, with windows).</summary>
    private RolloutView View()
    {
        var path = Path.Combine(_directory, "rollout.json");
        File.WriteAllText(path, """
            {
              "backends": { "v3": { "destinations": ["http://127.0.0.1:1"] }, "v4": { "destinations": ["http://127.0.0.1:2"] } },
              "features": {
                "orders": { "routes": [{ "path": "/api/orders", "v4_path": "/api/v4/orders" }], "stage": "partial", "percentage": 50 },
                "payments": { "routes": [{ "path": "/api/payments", "v4_path": "/api/v4/payments" }], "stage": "partial", "percentage": 50 }
              }
            }
            """);
        var snapshot = RolloutFileLoader.Load(path).Snapshot!;
        var now = DateTimeOffset.FromUnixTimeSeconds(Second);
        var states = snapshot.Features.ToImmutableDictionary(f => f.Name, f => RuntimeTransitions.FromFile(f, now), StringComparer.Ordinal);
        return RolloutView.Build(snapshot, states, ConfigStatus.Initial, RolloutView.Empty, observe: true);
    }
}
