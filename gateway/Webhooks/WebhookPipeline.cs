using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Strangler.Gateway.Webhooks;

/// <summary>
/// Retries of one delivery (Polly), on the gateway's clock: each attempt may take
/// <see cref="Webhook.AttemptTimeout"/>; network errors, attempt timeouts, 408, 429 and 5xx are
/// retried with exponential backoff and jitter from <see cref="FirstDelay"/> up to
/// <see cref="MaxDelay"/> (or the receiver's Retry-After, capped the same) until
/// <see cref="Webhook.RetryFor"/> has passed since the first attempt; other answers are final.
/// </summary>
internal static class WebhookPipeline
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    /// <param name="retrying">Called before each retry with the failed attempt's number (0 for the first) and its error.</param>
    public static ResiliencePipeline<AttemptResult> Build(Webhook hook, TimeProvider time, Action<int, string, TimeSpan> retrying) =>
        new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = hook.RetryFor })
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                ShouldHandle = args => ValueTask.FromResult(Retryable(args.Outcome)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result.RetryAfter is { } after ? (TimeSpan?)(after < MaxDelay ? after : MaxDelay) : null),
                OnRetry = args =>
                {
                    retrying(args.AttemptNumber, Describe(args.Outcome, hook), args.RetryDelay);
                    return default;
                },
            })
            .AddTimeout(hook.AttemptTimeout)
            .Build();

    /// <summary>The error of a failed attempt, for status and logs (never with the URL's path or query).</summary>
    public static string Describe(Outcome<AttemptResult> outcome, Webhook hook) => outcome.Exception switch
    {
        TimeoutRejectedException => $"no answer within {hook.AttemptTimeout.TotalSeconds:0.###} s",
        HttpRequestException e => hook.Scrub(e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}"),
        { } e => hook.Scrub(e.Message),
        null => $"HTTP {outcome.Result.Status}",
    };

    private static bool Retryable(Outcome<AttemptResult> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException or IOException => true,
        null => outcome.Result.Transient,
        _ => false,
    };
}
