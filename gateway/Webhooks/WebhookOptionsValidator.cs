namespace Strangler.Gateway.Webhooks;

/// <summary>Checks the "Gateway:Webhooks" settings at start-up; every message names the setting and never quotes a URL.</summary>
internal static class WebhookOptionsValidator
{
    public static void Validate(IReadOnlyList<WebhookOptions> webhooks, List<string> errors)
    {
        for (var i = 0; i < webhooks.Count; i++)
        {
            var hook = webhooks[i];
            var name = $"Gateway:Webhooks:{i}";
            if (string.IsNullOrWhiteSpace(hook.Url))
            {
                errors.Add($"{name}:Url is empty; give the absolute http or https URL the events are posted to.");
            }
            else if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                // The value itself is not repeated: a webhook URL often carries its secret.
                errors.Add($"{name}:Url is not an absolute http or https URL (e.g. https://hooks.example.com/strangler).");
            }

            foreach (var kind in WebhookKinds.Parse(hook.Events))
            {
                if (!WebhookKinds.All.Contains(kind, StringComparer.Ordinal))
                {
                    errors.Add($"{name}:Events has unknown kind '{kind}'; use any of {string.Join(", ", WebhookKinds.All)} (none: all).");
                }
            }

            if (hook.Format is not (WebhookFormats.Json or WebhookFormats.Slack))
            {
                errors.Add($"{name}:Format is '{hook.Format}'; use {WebhookFormats.Json} or {WebhookFormats.Slack}.");
            }

            if (hook.Secret is { } secret && string.IsNullOrWhiteSpace(secret))
            {
                errors.Add($"{name}:Secret is blank; give the signing key, or remove the setting for unsigned deliveries.");
            }

            if (hook.AttemptTimeout <= TimeSpan.Zero)
            {
                errors.Add($"{name}:AttemptTimeout is {hook.AttemptTimeout}; it must be positive.");
            }

            if (hook.RetryFor < hook.AttemptTimeout)
            {
                errors.Add($"{name}:RetryFor is {hook.RetryFor}; it must be at least {name}:AttemptTimeout ({hook.AttemptTimeout}).");
            }
        }
    }
}
