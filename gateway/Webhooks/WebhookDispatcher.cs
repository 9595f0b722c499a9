using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Strangler.Gateway.Events;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Webhooks;

/// <summary>
/// Tells the configured webhooks about rollout events and rejected rollout.json revisions. The
/// event sources only put the event on each webhook's bounded queue (never waiting: a full queue
/// drops its oldest); this service delivers each queue in order, retrying per
/// <see cref="WebhookPipeline"/>, so neither the guard nor a request ever waits for a receiver.
/// In a fleet each rollout event is delivered by the one replica that made it (the event log
/// raises <see cref="EventLog.Appended"/> only there); a rejected revision, which every replica
/// reading the same file rejects, is delivered by the replica that claims it first in Redis.
/// </summary>
internal sealed partial class WebhookDispatcher : BackgroundService
{
    /// <summary>How long a replica's claim on a rejected revision holds off the others.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(10);

    private readonly WebhookLane[] _lanes;
    private readonly HttpClient _client;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly FleetStore? _fleet;

    public WebhookDispatcher(
        IOptions<GatewayOptions> options,
        EventLog events,
        RolloutRuntime runtime,
        WebhookMetrics metrics,
        TimeProvider time,
        ILogger<WebhookDispatcher> logger,
        FleetStore? fleet = null)
    {
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _fleet = fleet;
        Gateway = fleet?.ReplicaId ?? Environment.MachineName;
        _lanes = options.Value.Webhooks
            .Select((o, i) => new WebhookLane(new Webhook(i, o), lane => WebhookPipeline.Build(lane.Hook, time, (attempt, error, delay) => Retrying(lane, attempt, error, delay)), Dropped))
            .ToArray();
        // The attempts' own timeouts (on the gateway's clock) bound them; redirects are not followed.
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("strangler-gateway");
        events.Appended += e => Enqueue(WebhookNotice.Of(e));
        runtime.Rejected += failure => Enqueue(WebhookNotice.Of(failure));
    }

    /// <summary>The sender's identity in bodies (<c>gateway</c>): the fleet's replica id, or the host name.</summary>
    public string Gateway { get; }

    public IReadOnlyList<WebhookStatusView> Status() => _lanes.Select(l => l.History.View(l.Hook)).ToArray();

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => DrainAsync(lane, stoppingToken), CancellationToken.None)));

    /// <summary>Called by the event sources, under their locks: must never wait or throw.</summary>
    private void Enqueue(WebhookNotice notice)
    {
        foreach (var lane in _lanes)
        {
            lane.Enqueue(notice);
        }
    }

    private async Task DrainAsync(WebhookLane lane, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notice in lane.Queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DeliverAsync(lane, notice, stoppingToken);
                }
                finally
                {
                    lane.History.Done();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            if (lane.Queue.Reader.Count > 0)
            {
                LogStopping(_logger, lane.Hook.Redacted, lane.Queue.Reader.Count);
            }
        }
    }

    private async Task DeliverAsync(WebhookLane lane, WebhookNotice notice, CancellationToken stoppingToken)
    {
        var hook = lane.Hook;
        if (notice.Rejection is { } rejection && _fleet is not null && !await ClaimAsync(hook, rejection.ContentHash))
        {
            LogClaimedElsewhere(_logger, hook.Redacted, notice.Kind);
            return;
        }

        var body = WebhookBodies.For(notice, hook.Format, Gateway);
        string error;
        try
        {
            var result = await lane.Pipeline.ExecuteAsync(
                static (s, token) => WebhookPost.SendAsync(s.Client, s.Hook, s.Notice, s.Body, s.Time, token),
                (Client: _client, Hook: hook, Notice: notice, Body: body, Time: _time),
                stoppingToken);
            if (result.Delivered)
            {
                lane.History.Delivered(_time.GetUtcNow());
                _metrics.Delivered();
                LogDelivered(_logger, notice.Kind, notice.Event?.Feature, hook.Redacted, result.Status);
                return;
            }

            error = $"HTTP {result.Status} (not retried)";
        }
        catch (TimeoutRejectedException)
        {
            error = $"retried for {hook.RetryFor}; last error: {lane.History.View(hook).LastError}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            error = hook.Scrub(e.Message);
        }

        lane.History.Failed(_time.GetUtcNow(), error);
        _metrics.Failed();
        LogGaveUp(_logger, notice.Kind, notice.Event?.Feature, hook.Redacted, error);
    }

    /// <summary>True when this replica is to send it: it won the claim, or the store did not answer (better twice than never).</summary>
    private async Task<bool> ClaimAsync(Webhook hook, string? contentHash)
    {
        var webhook = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hook.Url.OriginalString)))[..16];
        try
        {
            return await _fleet!.ClaimAsync($"{webhook}:{WebhookKinds.ConfigRejected}:{contentHash ?? "unreadable"}", ClaimFor);
        }
        catch (FleetUnavailableException e)
        {
            LogClaimUnavailable(_logger, hook.Redacted, e.Message);
            return true;
        }
    }

    private void Retrying(WebhookLane lane, int attempt, string error, TimeSpan delay)
    {
        lane.History.AttemptFailed(_time.GetUtcNow(), error);
        _metrics.Retried();
        LogRetrying(_logger, lane.Hook.Redacted, attempt + 1, error, delay.TotalSeconds);
    }

    private void Dropped(WebhookLane lane, WebhookNotice notice)
    {
        lane.History.Dropped();
        lane.History.Done();
        _metrics.Dropped();
        LogDropped(_logger, notice.Kind, notice.Event?.Feature, lane.Hook.Redacted, WebhookLane.Capacity);
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Webhook {Webhook}: delivered {Kind} of {Feature} (HTTP {Status})")]
    private static partial void LogDelivered(ILogger logger, string kind, string? feature, string webhook, int status);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "Webhook {Webhook}: attempt {Attempt} failed ({Error}); retrying in {DelaySeconds:0.#} s")]
    private static partial void LogRetrying(ILogger logger, string webhook, int attempt, string error, double delaySeconds);

    [LoggerMessage(EventId = 802, Level = LogLevel.Error, Message = "Webhook {Webhook}: gave up delivering {Kind} of {Feature}: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string kind, string? feature, string webhook, string error);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "Webhook {Webhook}: queue full ({Capacity}); dropped the oldest event, {Kind} of {Feature}")]
    private static partial void LogDropped(ILogger logger, string kind, string? feature, string webhook, int capacity);

    [LoggerMessage(EventId = 804, Level = LogLevel.Debug, Message = "Webhook {Webhook}: {Kind} is delivered by another replica")]
    private static partial void LogClaimedElsewhere(ILogger logger, string webhook, string kind);

    [LoggerMessage(EventId = 805, Level = LogLevel.Warning, Message = "Webhook {Webhook}: the fleet store did not answer the claim ({Error}); delivering from this replica")]
    private static partial void LogClaimUnavailable(ILogger logger, string webhook, string error);

    [LoggerMessage(EventId = 806, Level = LogLevel.Warning, Message = "Webhook {Webhook}: stopping with {Count} events undelivered")]
    private static partial void LogStopping(ILogger logger, string webhook, int count);
}
