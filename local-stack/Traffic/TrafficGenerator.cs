using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Strangler.Contracts.Identity;

namespace Strangler.LocalStack.Traffic;

/// <summary>
/// Sends <see cref="TrafficMix"/> requests through the gateway at a steady rate (open loop: a slow
/// backend does not slow the generator down, up to <see cref="MaxInFlight"/> requests in flight),
/// and reports what came back every <see cref="ReportEvery"/>.
/// </summary>
internal sealed class TrafficGenerator(Uri gateway, int rate, string signingKey, TextWriter output, Lock outputLock)
{
    public const int MaxInFlight = 256;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    public TrafficStats Stats { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var random = new Random();
        var inFlight = 0;
        var issued = 0L;
        var clock = Stopwatch.StartNew();
        var lastReport = (At: TimeSpan.Zero, Stats: Stats.Snapshot());
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = (long)(clock.Elapsed.TotalSeconds * rate) - issued;
                for (; due > 0; due--, issued++)
                {
                    if (Volatile.Read(ref inFlight) >= MaxInFlight)
                    {
                        Stats.Skipped();
                        continue;
                    }

                    Interlocked.Increment(ref inFlight);
                    _ = SendAsync(http, TrafficMix.Next(random), cancellationToken).ContinueWith(_ => Interlocked.Decrement(ref inFlight), TaskScheduler.Default);
                }

                if (clock.Elapsed - lastReport.At >= ReportEvery)
                {
                    var now = (At: clock.Elapsed, Stats: Stats.Snapshot());
                    Report("last " + now.Stats.Minus(lastReport.Stats).Describe(now.At - lastReport.At));
                    lastReport = now;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }

        Report("total " + Stats.Snapshot().Describe(clock.Elapsed));
    }

    private async Task SendAsync(HttpClient http, TrafficRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        switch (request.Caller)
        {
            case Caller.Reader:
                message.Headers.Add("X-User-Id", request.UserId);
                break;
            case Caller.User or Caller.Admin:
                var role = request.Caller == Caller.Admin ? Contracts.Model.Roles.Admin : Contracts.Model.Roles.User;
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContractTokens.Create(signingKey, request.UserId!, role, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow));
                break;
        }

        if (request.JsonBody is not null)
        {
            message.Content = new StringContent(request.JsonBody, Encoding.UTF8, "application/json");
        }

        Stats.Sent();
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            Stats.Answered(response.Headers.TryGetValues("X-Backend", out var backend) ? backend.FirstOrDefault() : null, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            Stats.Failed();
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Stats.Failed();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Report(string line)
    {
        lock (outputLock)
        {
            output.WriteLine("traffic | " + line);
        }
    }
}
