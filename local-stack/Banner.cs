using System.Globalization;
using System.Text;
using Strangler.Contracts.Identity;
using Strangler.Contracts.Model;
using Strangler.LocalStack.Services;

namespace Strangler.LocalStack;

/// <summary>What the stack prints once everything answers: where things are and how to poke them.</summary>
internal static class Banner
{
    public static string Describe(StackOptions options, RolloutBackends backends, string signingKey)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddHours(12);
        var management = options.ManagementUrl.ToString().TrimEnd('/');
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("Strangler local stack is up.");
        text.AppendLine(inv, $"  public API (clients)   {options.PublicUrl}api/restaurants   send X-User-Id: <id> to pick a bucket");
        text.AppendLine(inv, $"  dashboard              {management}/dashboard");
        text.AppendLine(inv, $"  admin API, metrics     {management}/admin/status   {management}/metrics");
        text.AppendLine(inv, $"  v3 (legacy stub)       {backends.V3}   fault control: {backends.V3}_faults");
        text.AppendLine(inv, $"  v4 (new backend)       {backends.V4}   fault control: {backends.V4}_faults");
        text.AppendLine(inv, $"  rollout file           {options.RolloutFile}   (edit it: the gateway applies a valid save within a second)");
        text.AppendLine(options.TrafficRate > 0
            ? string.Create(inv, $"  synthetic traffic      {options.TrafficRate} requests/s through the gateway, summarised every 10 s")
            : "  synthetic traffic      off (start with --traffic to drive some)");
        text.AppendLine("Tokens for this run (valid 12 h):");
        text.AppendLine("  export ADMIN_TOKEN=" + ContractTokens.Create(signingKey, "1", Roles.Admin, expires, now));
        text.AppendLine("  export USER_TOKEN=" + ContractTokens.Create(signingKey, "7", Roles.User, expires, now));
        text.AppendLine("Press Ctrl+C to stop everything.");
        text.AppendLine();
        return text.ToString();
    }
}
