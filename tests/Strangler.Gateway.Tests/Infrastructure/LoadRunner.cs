using System.Collections.Concurrent;
using System.Diagnostics;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// Continuous traffic for tests: several workers send requests back to back until stopped, and
/// every request's start time, status and serving backend (X-Backend) is kept for assertions.
/// </summary>
internal sealed class LoadRunner : IAsyncDisposable
{
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public LoadRunner(HttpClient client, int workers, Func<int, HttpRequestMessage> request)
    {
        _workers = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var n = 0;
            while (!_stop.IsCancellationRequested)
            {
                using var message = request(w * 1_000_000 + n++);
                var started = _clock.Elapsed;
                try
                {
                    using var response = await client.SendAsync(message, _stop.Token);
                    var backend = response.Headers.TryGetValues("X-Backend", out var values) ? values.First() : "?";
                    _samples.Enqueue(new Sample(started, _clock.Elapsed, (int)response.StatusCode, backend));
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    break;
                }
                catch (HttpRequestException e)
                {
                    _samples.Enqueue(new Sample(started, _clock.Elapsed, 0, e.Message));
                }
            }
        })).ToArray();
    }

    /// <summary>Time since the runner started, on the same clock as the samples.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<Sample> Samples => [.. _samples.OrderBy(s => s.Started)];

    public int Count => _samples.Count;

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    internal sealed record Sample(TimeSpan Started, TimeSpan Finished, int Status, string Backend);
}
