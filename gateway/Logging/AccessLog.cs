using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Strangler.Bucketing;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Logging;

/// <summary>
/// The access log of the public port: Serilog's request logging, one Debug event per client
/// request when it completes (category Strangler.Gateway.AccessLog), carrying the request id, the
/// routing decision and every backend attempt (a failed-over request is one line with both).
/// Whether it is on is read at start-up; while it is off nothing of it runs per request.
/// </summary>
internal sealed class AccessLog
{
    public const string Category = "Strangler.Gateway.AccessLog";

    /// <summary>The reason logged for paths no feature claims (they go to v3 unchanged).</summary>
    public const string NoFeatureReason = "no-feature";

    private const string Template = "{RequestMethod:l} {RequestPath:l} -> {StatusCode} in {Elapsed:0.0} ms ({Via:l})";

    private readonly Serilog.ILogger _logger;

    public AccessLog(Serilog.ILogger logger)
    {
        _logger = logger.ForContext(Constants.SourceContextPropertyName, Category);
        Enabled = _logger.IsEnabled(LogEventLevel.Debug);
    }

    public bool Enabled { get; }

    /// <summary>Adds the request logging middleware (first, so it sees every request and its whole duration).</summary>
    public void Use(IApplicationBuilder app)
    {
        if (!Enabled)
        {
            return;
        }

        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = new FixedCategory(_logger);
            options.MessageTemplate = Template;
            options.GetLevel = static (_, _, _) => LogEventLevel.Debug;
            options.EnrichDiagnosticContext = Enrich;
        });
    }

    /// <summary>The attempts record of this request, when the access log is on.</summary>
    public ProxyAttempts? Begin(HttpContext context)
    {
        if (!Enabled)
        {
            return null;
        }

        var attempts = new ProxyAttempts();
        context.Features.Set(attempts);
        return attempts;
    }

    private static void Enrich(IDiagnosticContext log, HttpContext http)
    {
        log.Set("RequestId", http.TraceIdentifier);
        var attempts = http.Features.Get<ProxyAttempts>();
        if (http.Features.Get<RequestRouting>() is { Route: not null } routing)
        {
            log.Set("Feature", routing.FeatureName);
            log.Set("Backend", routing.Backend);
            if (routing.Decision.Bucket != RolloutDecision.NoBucket)
            {
                log.Set("Bucket", routing.Decision.Bucket);
            }

            log.Set("Reason", routing.ReasonName);
        }
        else if (attempts is { All.Count: > 0 })
        {
            log.Set("Feature", GatewayMetrics.NoFeature);
            log.Set("Backend", Backends.V3);
            log.Set("Reason", NoFeatureReason);
        }

        if (attempts is { All.Count: > 0 })
        {
            log.Set("Via", attempts.Describe());
            log.Set(
                "Attempts",
                attempts.All.Select(a => new { a.Backend, a.Status, Outcome = a.Outcome.ToName(), ElapsedMs = Math.Round(a.ElapsedMs, 3) }).ToArray(),
                destructureObjects: true);
        }
        else
        {
            log.Set("Via", "not proxied");
        }
    }

    /// <summary>
    /// The middleware derives its logger with its own source context (and that context's level);
    /// this keeps the access log's category, its level switch and its SourceContext.
    /// </summary>
    private sealed class FixedCategory(Serilog.ILogger logger) : Serilog.ILogger
    {
        public bool IsEnabled(LogEventLevel level) => logger.IsEnabled(level);

        public void Write(LogEvent logEvent) => logger.Write(logEvent);

        public Serilog.ILogger ForContext(ILogEventEnricher enricher) => this;

        public Serilog.ILogger ForContext(IEnumerable<ILogEventEnricher> enrichers) => this;

        public Serilog.ILogger ForContext(string propertyName, object? value, bool destructureObjects = false) => this;

        public Serilog.ILogger ForContext<TSource>() => this;

        public Serilog.ILogger ForContext(Type source) => this;
    }
}
