using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Strangler.Resp;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Every Redis call of the cache goes through here: a Polly timeout inside a Polly circuit breaker,
/// arranged so that a Redis outage costs at most one timeout per break interval, however many
/// requests arrive:
/// <list type="bullet">
/// <item>The first failure (a timeout or a Redis error) isolates the breaker at once through its
/// manual control and releases every other call still waiting on Redis, so requests that arrived
/// while that timeout ran do not each wait for a timeout of their own.</item>
/// <item>While the circuit is open, calls skip Redis without waiting; the caller uses memory.</item>
/// <item>Once <see cref="CacheOptions.BreakDuration"/> has passed, one call probes Redis (under the
/// timeout) while the others keep skipping it: success closes the breaker, failure keeps the circuit
/// open for another interval.</item>
/// </list>
/// Polly's own opening rule cannot give this: it needs at least two calls in its sampling window, and
/// a failure ratio over a busy window takes as many failures as there were successes before the
/// outage. Nor can Polly's half-open state follow a manual isolation, so the single probe is ours.
/// </summary>
internal sealed partial class RedisCircuit : IDisposable
{
    private readonly ResiliencePipeline _guarded;
    private readonly ResiliencePipeline _probe;
    private readonly CircuitBreakerManualControl _control = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _transition = new(1, 1);
    private readonly TimeProvider _time;
    private readonly CacheOptions _options;
    private readonly CacheStats _stats;
    private readonly ILogger<RedisCircuit> _logger;
    private CancellationTokenSource _release = new();
    private bool _open;
    private bool _probing;
    private DateTimeOffset _probeAt;

    public RedisCircuit(IOptions<CacheOptions> options, TimeProvider time, CacheStats stats, ILogger<RedisCircuit> logger)
    {
        _options = options.Value;
        _time = time;
        _stats = stats;
        _logger = logger;
        var failures = new PredicateBuilder().Handle<RedisException>().Handle<TimeoutRejectedException>();

        // The breaker wraps the timeout so it sees a timeout as a failure. It is opened by hand on the
        // first failure; its ratio rule (every call in the window failed) can only fire when two calls
        // fail at the same moment, and the manual isolation that follows takes over.
        _guarded = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = 2,
                BreakDuration = _options.BreakDuration,
                ShouldHandle = failures,
                ManualControl = _control,
            })
            .AddTimeout(_options.RedisTimeout)
            .Build();
        _probe = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(_options.RedisTimeout).Build();
    }

    /// <summary>True from a failure until a probe succeeds: Redis is skipped.</summary>
    public bool IsOpen => Volatile.Read(ref _open);

    /// <summary>Runs a Redis operation; (false, default) when it failed, was released, or Redis is skipped.</summary>
    public async Task<(bool Ok, T? Value)> TryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (IsOpen)
        {
            return await TryProbeAsync(operation, cancellationToken);
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Volatile.Read(ref _release).Token);
        try
        {
            return (true, await _guarded.ExecuteAsync(async ct => await operation(ct), call.Token));
        }
        catch (Exception e) when (IsFailure(e))
        {
            Count(e);
            await OpenAsync(e);
            return Skipped<T>();
        }
        catch (BrokenCircuitException)
        {
            return Skipped<T>();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Released: another call's failure opened the circuit while this one waited on Redis.
            return Skipped<T>();
        }
    }

    public void Dispose()
    {
        _release.Dispose();
        _transition.Dispose();
    }

    private async Task<(bool Ok, T? Value)> TryProbeAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_open || _probing || _time.GetUtcNow() < _probeAt)
            {
                return Skipped<T>();
            }

            _probing = true;
        }

        try
        {
            var value = await _probe.ExecuteAsync(async ct => await operation(ct), cancellationToken);
            await CloseAsync();
            return (true, value);
        }
        catch (Exception e) when (IsFailure(e))
        {
            Count(e);
            lock (_lock)
            {
                _probeAt = _time.GetUtcNow() + _options.BreakDuration;
            }

            LogProbeFailed(_logger, e.Message, _options.BreakDuration.TotalSeconds);
            return Skipped<T>();
        }
        finally
        {
            lock (_lock)
            {
                _probing = false;
            }
        }
    }

    // Opening and closing take _transition, so a probe's close cannot slip between an opening's
    // flag and its isolation (which would leave the breaker isolated with the circuit marked closed).
    private async Task OpenAsync(Exception cause)
    {
        CancellationTokenSource waiting;
        await _transition.WaitAsync();
        try
        {
            lock (_lock)
            {
                if (_open)
                {
                    return;
                }

                _open = true;
                _probeAt = _time.GetUtcNow() + _options.BreakDuration;
                waiting = _release;
            }

            // Isolate first, so no call enters after the release; then let go of those already waiting.
            await _control.IsolateAsync();
        }
        finally
        {
            _transition.Release();
        }

        await waiting.CancelAsync();
        LogOpened(_logger, cause.Message, _options.BreakDuration.TotalSeconds);
    }

    private async Task CloseAsync()
    {
        await _transition.WaitAsync();
        try
        {
            await _control.CloseAsync();
            lock (_lock)
            {
                _release = new CancellationTokenSource();
                _open = false;
            }
        }
        finally
        {
            _transition.Release();
        }

        LogClosed(_logger);
    }

    private void Count(Exception failure) => _stats.RedisFailure(failure is TimeoutRejectedException ? "timeout" : "error");

    private (bool Ok, T? Value) Skipped<T>()
    {
        _stats.Fallback();
        return (false, default);
    }

    private static bool IsFailure(Exception e) => e is RedisException or TimeoutRejectedException;

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Redis failing ({Reason}): cache circuit opened for {Seconds} s, serving from memory")]
    private static partial void LogOpened(ILogger logger, string reason, double seconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Redis healthy again: cache circuit closed")]
    private static partial void LogClosed(ILogger logger);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Redis probe failed ({Reason}): cache circuit stays open for {Seconds} s")]
    private static partial void LogProbeFailed(ILogger logger, string reason, double seconds);
}
