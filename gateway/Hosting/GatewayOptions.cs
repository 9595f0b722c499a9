namespace Strangler.Gateway.Hosting;

/// <summary>Process-level settings of the gateway (section "Gateway"). rollout.json holds the rollout itself.</summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Path of rollout.json; relative paths are resolved against the working directory.</summary>
    public string RolloutFile { get; set; } = "rollout.json";

    /// <summary>Quiet period after a file event before rollout.json is read, so one save applies once.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Backstop re-check of rollout.json when no file event arrives (some file systems send none).</summary>
    public TimeSpan ReloadPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Public listener(s) that clients call, separated by ';'.</summary>
    public string PublicUrls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// How long the public listener keeps serving once the gateway is asked to stop (SIGTERM,
    /// Ctrl+C), after /readyz has started failing, so load balancers stop sending before it closes.
    /// Zero closes it at once. Requests still in flight then get the host's shutdown timeout.
    /// </summary>
    public TimeSpan DrainPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest request body the public listener accepts, in bytes (Kestrel's own default). A larger
    /// declared Content-Length is refused with 413 before anything is forwarded.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 30_000_000;

    /// <summary>Runtime state file (reverts, advances, operator actions). Default: rollout.state.json beside rollout.json.</summary>
    public string? StateFile { get; set; }

    /// <summary>
    /// Record every proxied attempt (default true). Off turns the gateway into a router only, for
    /// deployments whose rollout is steered by hand or by another system: no outcome is recorded
    /// (the guard's windows stay empty), the guard does not run (no automatic revert or advance),
    /// the per-request metrics (requests, proxy errors, duration, failovers) and the dashboard's
    /// per-backend series stay empty, and status reports <c>observe: false</c>. Routing is exactly
    /// the same: identity, buckets, stages, overrides, operator actions and failover. Read at
    /// start-up only.
    /// </summary>
    public bool Observe { get; set; } = true;

    /// <summary>How often the guard evaluates every feature.</summary>
    public TimeSpan GuardInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Interval of the dashboard's time series (15 minutes of history are kept).</summary>
    public TimeSpan DashboardSampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many rollout events GET /admin/events keeps.</summary>
    public int EventHistory { get; set; } = 1000;

    public ManagementOptions Management { get; set; } = new();

    /// <summary>Several replicas sharing one rollout through Redis; off unless Gateway:Fleet:Redis is set.</summary>
    public Fleet.FleetOptions Fleet { get; set; } = new();

    public IdentityOptions Identity { get; set; } = new();

    /// <summary>Receivers of rollout events and rejected revisions (Gateway:Webhooks:N); none by default.</summary>
    public List<Webhooks.WebhookOptions> Webhooks { get; set; } = [];

    public ForwardedHeadersOptions ForwardedHeaders { get; set; } = new();

    public string ResolveStateFile() =>
        Path.GetFullPath(StateFile ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(RolloutFile))!, "rollout.state.json"));
}

/// <summary>The management port: health, status, admin API, metrics, dashboard.</summary>
internal sealed class ManagementOptions
{
    /// <summary>Management listener(s), loopback by default. Binding beyond loopback requires <see cref="Token"/>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8081";

    /// <summary>Bearer token for /admin/*; empty means no token (then only loopback is allowed).</summary>
    public string? Token { get; set; }
}

internal sealed class IdentityOptions
{
    /// <summary>
    /// HS256 key (UTF-8, at least 32 bytes) used to validate JWTs before their subject is used for
    /// routing. Without it the subject is read for routing only: a forged token can pick a bucket
    /// but is still rejected by the backend, which validates tokens.
    /// </summary>
    public string? JwtSigningKey { get; set; }
}

internal sealed class ForwardedHeadersOptions
{
    /// <summary>
    /// Keep X-Forwarded-* and Forwarded headers that arrive from clients and append to them. Only
    /// for a gateway behind a trusted proxy; by default client copies are dropped and replaced.
    /// </summary>
    public bool TrustIncoming { get; set; }
}
