namespace Strangler.Gateway.Webhooks;

/// <summary>One configured receiver, validated at start-up (<see cref="WebhookOptionsValidator"/>).</summary>
internal sealed class Webhook
{
    private readonly HashSet<string> _kinds;

    public Webhook(int index, WebhookOptions options)
    {
        Index = index;
        Url = new Uri(options.Url!, UriKind.Absolute);
        Redacted = RedactedUrl.Of(Url);
        _kinds = [.. WebhookKinds.Parse(options.Events)];
        Events = _kinds.Count == 0 ? WebhookKinds.All : WebhookKinds.All.Where(_kinds.Contains).ToArray();
        Format = options.Format;
        Secret = options.Secret;
        AttemptTimeout = options.AttemptTimeout;
        RetryFor = options.RetryFor;
    }

    public int Index { get; }

    public Uri Url { get; }

    /// <summary>The URL as logs and status show it (<see cref="RedactedUrl"/>).</summary>
    public string Redacted { get; }

    /// <summary>The kinds it receives: all of them when none were configured.</summary>
    public IReadOnlyList<string> Events { get; }

    public string Format { get; }

    public string? Secret { get; }

    public TimeSpan AttemptTimeout { get; }

    public TimeSpan RetryFor { get; }

    /// <summary>Empty Events: every kind, also kinds added in later versions.</summary>
    public bool Wants(string kind) => _kinds.Count == 0 || _kinds.Contains(kind);

    /// <summary>An error text without the URL's path or query (exception messages may quote the URL).</summary>
    public string Scrub(string message)
    {
        foreach (var secret in new[] { Url.OriginalString, Url.AbsoluteUri, Url.PathAndQuery })
        {
            if (secret.Length > 1)
            {
                message = message.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        return message;
    }
}
