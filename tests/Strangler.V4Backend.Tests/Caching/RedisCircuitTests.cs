using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Strangler.Resp;
using Strangler.TestSupport.Time;
using Strangler.TestSupport.Waiting;
using Strangler.V4Backend.Caching;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>
/// The circuit on its own, with Redis calls that hang until cancelled and a clock that only the
/// test moves: a call that completes while the clock stands still has not waited for any timeout.
/// </summary>
public sealed class RedisCircuitTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new();
    private readonly CacheStats _stats = new();
    private readonly RedisCircuit _circuit;
    private int _calls;

    public RedisCircuitTests() =>
        _circuit = new RedisCircuit(Options.Create(new CacheOptions { RedisTimeout = Timeout, BreakDuration = Break }), _time, _stats, NullLogger<RedisCircuit>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Timeouts => _stats.RedisFailures("timeout");

    [Fact]
    public async Task The_first_timeout_opens_the_circuit_and_later_calls_skip_redis_without_waiting()
    {
        Assert.Equal((true, 1), await _circuit.TryAsync(Answers, Ct));

        var first = _circuit.TryAsync(Hangs, Ct);
        await TimersArmedAsync(1);
        _time.Advance(Timeout);
        Assert.Equal((false, 0), await first.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.True(_circuit.IsOpen);

        var callsBefore = _calls;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal((false, 0), await _circuit.TryAsync(Hangs, Ct));
        }

        Assert.Equal(callsBefore, _calls);
        Assert.Equal(1, Timeouts);
    }

    [Fact]
    public async Task Calls_that_arrive_while_a_timeout_runs_are_released_when_it_fires_not_by_their_own()
    {
        var first = _circuit.TryAsync(Hangs, Ct);
        await TimersArmedAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var later = Enumerable.Range(0, 7).Select(_ => _circuit.TryAsync(Hangs, Ct)).ToArray();
        await TimersArmedAsync(8);

        // Only the first call's deadline passes; the seven later ones are still 100 ms from theirs.
        _time.Advance(TimeSpan.FromMilliseconds(150));
        var results = await Task.WhenAll([first, .. later]).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.All(results, r => Assert.False(r.Ok));
        Assert.Equal(1, Timeouts);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public async Task Each_break_interval_costs_one_probe_timeout_while_the_other_callers_skip_redis()
    {
        var first = _circuit.TryAsync(Hangs, Ct);
        await TimersArmedAsync(1);
        _time.Advance(Timeout);
        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        for (var interval = 2; interval <= 4; interval++)
        {
            // Just before the break ends Redis is still skipped; from its end one caller probes.
            _time.Advance(Break - TimeSpan.FromMilliseconds(1));
            Assert.Equal((false, 0), await _circuit.TryAsync(Hangs, Ct));
            Assert.Equal(0, _time.PendingTimers);
            _time.Advance(TimeSpan.FromMilliseconds(1));

            var calls = Enumerable.Range(0, 8).Select(_ => _circuit.TryAsync(Hangs, Ct)).ToArray();
            await TimersArmedAsync(1);
            var skipped = await Task.WhenAll(calls.Where(c => c.IsCompleted)).WaitAsync(TimeSpan.FromSeconds(10), Ct);
            Assert.Equal(7, skipped.Length);
            Assert.Equal(1, _time.PendingTimers);

            _time.Advance(Timeout);
            await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10), Ct);
            Assert.Equal(interval, Timeouts);
            Assert.True(_circuit.IsOpen);
        }
    }

    [Fact]
    public async Task A_successful_probe_closes_the_circuit()
    {
        var first = _circuit.TryAsync(Hangs, Ct);
        await TimersArmedAsync(1);
        _time.Advance(Timeout);
        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        _time.Advance(Break);
        Assert.Equal((true, 1), await _circuit.TryAsync(Answers, Ct));
        Assert.False(_circuit.IsOpen);
        Assert.Equal((true, 1), await _circuit.TryAsync(Answers, Ct));

        // Closed again, the next outage is noticed and released the same way.
        var next = _circuit.TryAsync(Hangs, Ct);
        await TimersArmedAsync(1);
        _time.Advance(Timeout);
        Assert.Equal((false, 0), await next.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(2, Timeouts);
    }

    [Fact]
    public async Task A_redis_error_opens_the_circuit_without_any_wait()
    {
        Assert.Equal((false, 0), await _circuit.TryAsync<int>(_ => throw new RedisConnectionException("refused"), Ct));
        Assert.True(_circuit.IsOpen);
        Assert.Equal((0, 1), (Timeouts, _stats.RedisFailures("error")));
        Assert.Equal((false, 0), await _circuit.TryAsync(Answers, Ct));
    }

    [Fact]
    public async Task A_probe_abandoned_by_its_caller_leaves_the_next_call_to_probe()
    {
        var first = _circuit.TryAsync(Hangs, Ct);
        await TimersArmedAsync(1);
        _time.Advance(Timeout);
        await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        _time.Advance(Break);

        using var aborted = new CancellationTokenSource();
        var probe = _circuit.TryAsync(Hangs, aborted.Token);
        await TimersArmedAsync(1);
        await aborted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe);

        Assert.Equal((true, 1), await _circuit.TryAsync(Answers, Ct));
        Assert.False(_circuit.IsOpen);
    }

    public void Dispose()
    {
        _circuit.Dispose();
        _stats.Dispose();
    }

    private Task<int> Answers(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(1);
    }

    private async Task<int> Hangs(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
        return 1;
    }

    private Task TimersArmedAsync(int count) =>
        Eventually.HoldsAsync(() => _time.PendingTimers == count, $"{count} Redis timeout(s) to be armed", TimeSpan.FromSeconds(10));
}
