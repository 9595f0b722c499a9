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

        return errors;
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:{name} is {value}; it must be positive.");
        }
    }
}
