using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Tests.Outcomes;

public sealed class OutcomeWindowTests
{
    [Fact]
    public void Concurrent_recording_within_one_second_counts_exactly()
    {
        var window = new OutcomeWindow(60);
        Parallel.For(0, 8, thread =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                window.Record(1000, i % 10 == 0 ? OutcomeKind.ServerError : OutcomeKind.Success, i % 10 == 0 ? 503 : 200, 1500);
            }
        });

        var stats = window.Snapshot(1000, 60);
        Assert.Equal(80_000, stats.Requests);
        Assert.Equal(8_000, stats.Errors);
        Assert.Equal(0.1, stats.ErrorRate, 6);
    }

    [Fact]
    public void Threads_that_start_a_reused_slot_at_once_lose_nothing_to_its_clear()
    {
        // Every round starts the same slot's next second on eight threads together: the first to
        // take the slot clears it, and an increment of another landing before that clear would be lost.
        var window = new OutcomeWindow(60);
        for (var round = 0; round < 200; round++)
        {
            var second = 1000 + (60L * round);
            using var start = new Barrier(8);
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 50; i++)
                {
                    window.Record(second, OutcomeKind.Success, 200, 1500);
                }
            });

            Assert.Equal(400, window.Snapshot(second, 1).Requests);
        }
    }

    [Fact]
    public void A_minute_of_traffic_with_a_few_latencies_per_second_costs_a_few_kilobytes()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var window = new OutcomeWindow(60);
        for (long second = 1000; second < 1120; second++)
        {
            for (var i = 0; i < 50; i++)
            {
                window.Record(second, OutcomeKind.Success, 200, 500 + (i % OutcomeWindow.SparseBuckets * 400));
            }
        }

        // Dense histograms (60 seconds x 104 buckets of int) alone would be 25 KB.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 1, 10 * 1024);
        Assert.Equal(60 * 50, window.Snapshot(1119, 60).Requests);
    }

    [Fact]
    public void A_second_with_more_latencies_than_sparse_entries_keeps_every_one()
    {
        var window = new OutcomeWindow(10);
        var expected = new long[LatencyBuckets.Count];
        Parallel.For(0, 4, thread =>
        {
            for (var bucket = 0; bucket < LatencyBuckets.Count; bucket++)
            {
                for (var n = 0; n <= bucket % 5; n++)
                {
                    window.Record(500, OutcomeKind.Success, 200, (long)Math.Ceiling(LatencyBuckets.LowerBound(bucket)));
                }
            }
        });
        for (var bucket = 0; bucket < LatencyBuckets.Count; bucket++)
        {
            expected[LatencyBuckets.Index((long)Math.Ceiling(LatencyBuckets.LowerBound(bucket)))] += 4 * ((bucket % 5) + 1);
        }

        var stats = window.Snapshot(500, 10);
        var byKind = new long[OutcomeKinds.Count];
        byKind[(int)OutcomeKind.Success] = expected.Sum();
        var reference = new WindowStats(byKind, 0, expected);
        Assert.Equal(reference.Requests, stats.Requests);
        for (var q = 0.01; q < 1; q += 0.01)
        {
            Assert.Equal(reference.QuantileMs(q), stats.QuantileMs(q), 9);
        }
    }

    [Fact]
    public void Seconds_outside_the_window_or_before_since_are_ignored()
    {
        var window = new OutcomeWindow(10);
        for (long second = 100; second < 130; second++)
        {
            window.Record(second, OutcomeKind.Success, 200, 1000);
        }

        Assert.Equal(10, window.Snapshot(129, 10).Requests);
        Assert.Equal(3, window.Snapshot(129, 3).Requests);
        Assert.Equal(5, window.Snapshot(129, 10, since: 125).Requests);
        Assert.Equal(0, window.Snapshot(200, 10).Requests);
    }

    [Fact]
    public void A_reused_slot_starts_from_zero_and_stragglers_are_dropped()
    {
        var window = new OutcomeWindow(5);
        window.Record(10, OutcomeKind.ServerError, 500, 10);
        window.Record(15, OutcomeKind.Success, 200, 10);
        window.Record(10, OutcomeKind.ServerError, 500, 10);
        var stats = window.Snapshot(15, 5);
        Assert.Equal(1, stats.Requests);
        Assert.Equal(0, stats.Errors);
    }

    [Fact]
    public void Client_aborts_and_4xx_are_not_backend_errors()
    {
        var window = new OutcomeWindow(60);
        window.Record(1, OutcomeKind.Success, 404, 100);
        window.Record(1, OutcomeKind.Success, 400, 100);
        window.Record(1, OutcomeKind.ClientAbort, 0, 100);
        window.Record(1, OutcomeKind.Timeout, 0, 30_000_000);
        window.Record(1, OutcomeKind.ConnectFailure, 0, 100);
        var stats = window.Snapshot(1, 60);
        Assert.Equal(4, stats.Requests);
        Assert.Equal(2, stats.Errors);
        Assert.Equal(2, stats.ClientErrors);
        Assert.Equal(1, stats.Count(OutcomeKind.ClientAbort));
    }

    [Theory]
    [InlineData(0.50)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Quantiles_are_within_the_histograms_resolution(double q)
    {
        var window = new OutcomeWindow(60);
        var latencies = Enumerable.Range(1, 10_000).Select(i => (long)(i * 100)).ToArray(); // 0.1 .. 1000 ms, uniform
        foreach (var micros in latencies)
        {
            window.Record(7, OutcomeKind.Success, 200, micros);
        }

        var exact = latencies[(int)(q * latencies.Length) - 1] / 1000.0;
        var estimate = window.Snapshot(7, 60).QuantileMs(q);
        Assert.InRange(estimate, exact * 0.81, exact * 1.19);
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(3L, 3)]
    [InlineData(4L, 4)]
    [InlineData(7L, 7)]
    [InlineData(8L, 8)]
    [InlineData(1_000L, 0)]
    [InlineData(500_000L, 0)]
    [InlineData(long.MaxValue, LatencyBuckets.Count - 1)]
    public void Latency_buckets_contain_their_values(long micros, int expectedIndex)
    {
        var index = LatencyBuckets.Index(micros);
        if (expectedIndex != 0 || micros == 0)
        {
            Assert.Equal(expectedIndex, index);
        }

        if (micros < 60_000_000)
        {
            Assert.InRange(micros, LatencyBuckets.LowerBound(index), LatencyBuckets.UpperBound(index) - 1e-9);
        }
    }

    [Fact]
    public void Latency_buckets_are_contiguous_and_increasing()
    {
        for (var i = 1; i < LatencyBuckets.Count; i++)
        {
            Assert.Equal(LatencyBuckets.UpperBound(i - 1), LatencyBuckets.LowerBound(i));
            Assert.True(LatencyBuckets.LowerBound(i) > LatencyBuckets.LowerBound(i - 1));
        }

        Assert.True(LatencyBuckets.LowerBound(LatencyBuckets.Count - 1) > 60_000_000);
    }
}
