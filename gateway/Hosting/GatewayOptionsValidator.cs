namespace Strangler.Gateway.Hosting;

/// <summary>
/// Checks the "Gateway" settings at start-up and reports every problem at once, so a bad value stops
/// the gateway with a message naming the setting instead of failing later on the request path.
/// </summary>
internal static class GatewayOptionsValidator
{
    public static IReadOnlyList<string> Validate(GatewayOptions options)
    {
        var errors = new List<string>();
        Positive(errors, nameof(GatewayOptions.GuardInterval), options.GuardInterval);
        Positive(errors, nameof(GatewayOptions.ReloadPollInterval), options.ReloadPollInterval);
        if (options.ReloadDebounce < TimeSpan.Zero)
        {
            errors.Add($"Gateway:ReloadDebounce is {options.ReloadDebounce}; it must not be negative.");
        }

        if (options.DrainPeriod < TimeSpan.Zero)
        {
            errors.Add($"Gateway:DrainPeriod is {options.DrainPeriod}; it must not be negative (0 closes the public listener at once).");
        }

        if (options.MaxRequestBodySize < 1)
        {
            errors.Add($"Gateway:MaxRequestBodySize is {options.MaxRequestBodySize}; it must be at least 1 (bytes).");
        }

        if (options.DashboardSampleInterval < TimeSpan.FromSeconds(1) || options.DashboardSampleInterval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"Gateway:DashboardSampleInterval is {options.DashboardSampleInterval}; it must be a whole number of seconds, at least 1.");
        }

        if (options.EventHistory < 1)
        {
            errors.Add($"Gateway:EventHistory is {options.EventHistory}; at least 1 event must be kept.");
        }

        if (string.IsNullOrWhiteSpace(options.RolloutFile))
        {
            errors.Add("Gateway:RolloutFile is empty; it names the rollout file to serve.");
        }

        if (ManagementBinding.Check(options.Management) is { } binding)
        {
            errors.Add(binding);
        }

        if (options.Fleet.Enabled)
        {
            Fleet(errors, options.Fleet);
        }

        Webhooks.WebhookOptionsValidator.Validate(options.Webhooks, errors);

        return errors;
    }

    private static void Fleet(List<string> errors, Fleet.FleetOptions fleet)
    {
        try
        {
            if (StackExchange.Redis.ConfigurationOptions.Parse(fleet.Redis!).EndPoints.Count == 0)
            {
                errors.Add("Gateway:Fleet:Redis names no endpoint; give host:port (StackExchange.Redis syntax, e.g. \"redis:6379,password=...\").");
            }
        }
        catch (ArgumentException e)
        {
            errors.Add($"Gateway:Fleet:Redis is not a valid StackExchange.Redis configuration string: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(fleet.Name) || fleet.Name.IndexOfAny(['{', '}', ' ']) >= 0)
        {
            errors.Add($"Gateway:Fleet:Name is '{fleet.Name}'; it must be a non-empty key prefix without braces or spaces.");
        }

        Positive(errors, "Fleet:Timeout", fleet.Timeout);
        Positive(errors, "Fleet:RereadInterval", fleet.RereadInterval);
        Positive(errors, "Fleet:HeartbeatInterval", fleet.HeartbeatInterval);
        Positive(errors, "Fleet:ReplicaExpiry", fleet.ReplicaExpiry);
        if (fleet.LeaseDuration < 2 * fleet.Timeout)
        {
            // A renewal is tried every third of the lease; it must be able to finish before the lease runs out.
            errors.Add($"Gateway:Fleet:LeaseDuration is {fleet.LeaseDuration}; it must be at least twice Gateway:Fleet:Timeout ({fleet.Timeout}).");
        }
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:{name} is {value}; it must be positive.");
        }
    }
}
