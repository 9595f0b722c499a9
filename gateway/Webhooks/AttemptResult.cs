using System.Net.Http.Headers;

namespace Strangler.Gateway.Webhooks;

/// <summary>A receiver's answer to one attempt.</summary>
/// <param name="RetryAfter">The receiver's Retry-After, when it gave one as a delay or a date.</param>
internal readonly record struct AttemptResult(int Status, TimeSpan? RetryAfter)
{
    public bool Delivered => Status is >= 200 and < 300;

    /// <summary>Worth another try: 408, 429 and 5xx. Other answers (4xx, 3xx: redirects are not followed) are final.</summary>
    public bool Transient => Status is 408 or 429 or >= 500;

    public static AttemptResult From(HttpResponseMessage response, DateTimeOffset now) =>
        new((int)response.StatusCode, Delay(response.Headers.RetryAfter, now));

    private static TimeSpan? Delay(RetryConditionHeaderValue? retryAfter, DateTimeOffset now) => retryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
