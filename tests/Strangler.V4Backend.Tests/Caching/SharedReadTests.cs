using Strangler.TestSupport.Waiting;
using Strangler.V4Backend.Caching;

namespace Strangler.V4Backend.Tests.Caching;

public sealed class SharedReadTests
{
    /// <summary>A read whose every call waits until the test ends it, numbered in the order they began.</summary>
    private sealed class GatedReads
    {
        private readonly List<TaskCompletionSource<int>> _calls = [];

        public int Began
        {
            get
            {
                lock (_calls)
                {
                    return _calls.Count;
                }
            }
        }

        public ValueTask<int> ReadAsync()
        {
            var call = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_calls)
            {
                _calls.Add(call);
            }

            return new ValueTask<int>(call.Task);
        }

        /// <summary>Ends read number <paramref name="index"/> (from 0) with its number as the value it read.</summary>
        public void End(int index) => Call(index).SetResult(index);

        public void Fail(int index, Exception failure) => Call(index).SetException(failure);

        private TaskCompletionSource<int> Call(int index)
        {
            lock (_calls)
            {
                return _calls[index];
            }
        }
    }

    [Fact]
    public async Task A_caller_that_arrives_during_a_read_gets_the_next_read_not_the_one_in_flight()
    {
        var reads = new GatedReads();
        var shared = new SharedRead<int>(reads.ReadAsync);

        var first = shared.ReadAsync();
        var second = shared.ReadAsync();
        var third = shared.ReadAsync();
        Assert.Equal(1, reads.Began);

        reads.End(0);
        Assert.Equal(0, await first);

        // The callers that arrived during read 0 share read 1, which began only after read 0 ended.
        await WaitForAsync(() => reads.Began == 2);
        Assert.False(second.IsCompleted);
        reads.End(1);
        Assert.Equal((1, 1), (await second, await third));
        Assert.Equal(2, reads.Began);
    }

    [Fact]
    public async Task Many_callers_at_once_cost_one_read_in_flight_and_a_caller_after_the_last_read_starts_a_new_one()
    {
        var reads = new GatedReads();
        var shared = new SharedRead<int>(reads.ReadAsync);

        var lead = shared.ReadAsync();
        var crowd = Enumerable.Range(0, 1000).Select(_ => shared.ReadAsync()).ToArray();
        Assert.Equal(1, reads.Began);
        reads.End(0);
        await WaitForAsync(() => reads.Began == 2);
        reads.End(1);
        Assert.All(await Task.WhenAll(crowd), value => Assert.Equal(1, value));
        Assert.Equal(0, await lead);

        var later = shared.ReadAsync();
        await WaitForAsync(() => reads.Began == 3);
        reads.End(2);
        Assert.Equal(2, await later);
    }

    [Fact]
    public async Task A_failed_read_fails_only_the_callers_that_shared_it()
    {
        var reads = new GatedReads();
        var shared = new SharedRead<int>(reads.ReadAsync);

        var first = shared.ReadAsync();
        var second = shared.ReadAsync();
        reads.Fail(0, new TimeoutException("redis did not answer"));
        await Assert.ThrowsAsync<TimeoutException>(() => first);

        await WaitForAsync(() => reads.Began == 2);
        reads.End(1);
        Assert.Equal(1, await second);
    }

    /// <summary>The next read begins on a pool thread once the previous one ended.</summary>
    private static Task WaitForAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, "the next read to begin", TimeSpan.FromSeconds(10));
}
