using Strangler.Gateway.Hosting;
using Strangler.Gateway.Webhooks;

namespace Strangler.Gateway.Tests.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    [Fact]
    public void A_complete_webhook_is_valid()
    {
        var options = new GatewayOptions();
        options.Webhooks.Add(new WebhookOptions { Url = "https://hooks.example.com/x?token=t", Events = ["revert", "advance,config_rejected"], Secret = "k", Format = "slack" });

        Assert.Empty(GatewayOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData("Url", "Gateway:Webhooks:0:Url is empty")]
    [InlineData("RelativeUrl", "Gateway:Webhooks:0:Url is not an absolute http or https URL")]
    [InlineData("FtpUrl", "Gateway:Webhooks:0:Url is not an absolute http or https URL")]
    [InlineData("Events", "Gateway:Webhooks:0:Events has unknown kind 'revrt'; use any of revert, advance, force, pause, resume, rollback_all, inconclusive, parity_failing, config_rejected (none: all).")]
    [InlineData("Format", "Gateway:Webhooks:0:Format is 'xml'; use json or slack.")]
    [InlineData("Secret", "Gateway:Webhooks:0:Secret is blank")]
    [InlineData("AttemptTimeout", "Gateway:Webhooks:0:AttemptTimeout is 00:00:00; it must be positive.")]
    [InlineData("RetryFor", "Gateway:Webhooks:0:RetryFor is 00:00:05; it must be at least Gateway:Webhooks:0:AttemptTimeout (00:00:10).")]
    public void Each_bad_setting_is_named(string setting, string expected)
    {
        var hook = new WebhookOptions { Url = "https://hooks.example.com/SECRET" };
        switch (setting)
        {
            case "Url": hook.Url = " "; break;
            case "RelativeUrl": hook.Url = "/hooks/SECRET"; break;
            case "FtpUrl": hook.Url = "ftp://hooks.example.com/SECRET"; break;
            case "Events": hook.Events = ["revert, revrt"]; break;
            case "Format": hook.Format = "xml"; break;
            case "Secret": hook.Secret = " "; break;
            case "AttemptTimeout": hook.AttemptTimeout = TimeSpan.Zero; hook.RetryFor = TimeSpan.FromMinutes(1); break;
            default: hook.RetryFor = TimeSpan.FromSeconds(5); break;
        }

        var options = new GatewayOptions();
        options.Webhooks.Add(new WebhookOptions { Url = "http://first.example.com/" });
        options.Webhooks.Add(hook);

        var error = Assert.Single(GatewayOptionsValidator.Validate(options));
        Assert.StartsWith(expected.Replace("Webhooks:0", "Webhooks:1", StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kind_stops_the_gateway_at_start_up_naming_the_setting()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-webhook-options-").FullName;
        File.WriteAllText(Path.Combine(directory, "rollout.json"), "{}");

        var e = Assert.Throws<GatewayStartupException>(() => GatewayHost.Build(
            [$"--Gateway:RolloutFile={Path.Combine(directory, "rollout.json")}", "--Gateway:Webhooks:0:Url=https://hooks.example.com/x", "--Gateway:Webhooks:0:Events:0=reverted"]));

        Assert.Contains("Gateway:Webhooks:0:Events has unknown kind 'reverted'", e.Message, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }
}
