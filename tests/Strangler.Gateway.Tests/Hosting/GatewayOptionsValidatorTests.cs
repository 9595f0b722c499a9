using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Tests.Hosting;

public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(GatewayOptionsValidator.Validate(new GatewayOptions()));

    [Theory]
    [InlineData("GuardInterval", "Gateway:GuardInterval is -00:00:01; it must be positive.")]
    [InlineData("ReloadPollInterval", "Gateway:ReloadPollInterval is 00:00:00; it must be positive.")]
    [InlineData("ReloadDebounce", "Gateway:ReloadDebounce is -00:00:01; it must not be negative.")]
    [InlineData("DashboardSampleInterval", "Gateway:DashboardSampleInterval is 00:00:01.5000000; it must be a whole number of seconds, at least 1.")]
    [InlineData("EventHistory", "Gateway:EventHistory is 0; at least 1 event must be kept.")]
    [InlineData("DrainPeriod", "Gateway:DrainPeriod is -00:00:00.5000000; it must not be negative (0 closes the public listener at once).")]
    [InlineData("MaxRequestBodySize", "Gateway:MaxRequestBodySize is 0; it must be at least 1 (bytes).")]
    [InlineData("RolloutFile", "Gateway:RolloutFile is empty; it names the rollout file to serve.")]
    [InlineData("Management", "Gateway:Management:Urls binds http://0.0.0.0:8081 beyond loopback")]
    public void Each_bad_setting_is_named(string setting, string expected)
    {
        var options = new GatewayOptions();
        switch (setting)
        {
            case "GuardInterval": options.GuardInterval = TimeSpan.FromSeconds(-1); break;
            case "ReloadPollInterval": options.ReloadPollInterval = TimeSpan.Zero; break;
            case "ReloadDebounce": options.ReloadDebounce = TimeSpan.FromSeconds(-1); break;
            case "DashboardSampleInterval": options.DashboardSampleInterval = TimeSpan.FromSeconds(1.5); break;
            case "EventHistory": options.EventHistory = 0; break;
            case "DrainPeriod": options.DrainPeriod = TimeSpan.FromSeconds(-0.5); break;
            case "MaxRequestBodySize": options.MaxRequestBodySize = 0; break;
            case "RolloutFile": options.RolloutFile = " "; break;
            default: options.Management.Urls = "http://0.0.0.0:8081"; break;
        }

        var error = Assert.Single(GatewayOptionsValidator.Validate(options));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis:6379", "strangler", 1, null)]
    [InlineData("redis:6379,password=secret,ssl=true", "blue", 1, null)]
    [InlineData(",", "strangler", 1, "Gateway:Fleet:Redis names no endpoint")]
    [InlineData("redis:6379,connectTimeout=soon", "strangler", 1, "Gateway:Fleet:Redis is not a valid StackExchange.Redis configuration string")]
    [InlineData("redis:6379", "{blue}", 1, "Gateway:Fleet:Name is '{blue}'")]
    [InlineData("redis:6379", "strangler", 0, "Gateway:Fleet:Timeout is 00:00:00; it must be positive.")]
    public void Fleet_settings_are_checked_only_when_a_fleet_is_configured(string redis, string name, int timeoutSeconds, string? expected)
    {
        var options = new GatewayOptions();
        options.Fleet.Redis = redis;
        options.Fleet.Name = name;
        options.Fleet.Timeout = TimeSpan.FromSeconds(timeoutSeconds);

        var errors = GatewayOptionsValidator.Validate(options);

        if (expected is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
        }

        options.Fleet.Redis = null;
        Assert.Empty(GatewayOptionsValidator.Validate(options));
    }

    [Fact]
    public void A_drain_period_of_zero_is_allowed() =>
        Assert.Empty(GatewayOptionsValidator.Validate(new GatewayOptions { DrainPeriod = TimeSpan.Zero }));

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new GatewayOptions { EventHistory = -5, GuardInterval = TimeSpan.Zero };

        Assert.Equal(2, GatewayOptionsValidator.Validate(options).Count);
    }
}
