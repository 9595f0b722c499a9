namespace Strangler.LocalStack;

/// <param name="RolloutFile">Absolute path of the rollout file the gateway serves.</param>
/// <param name="PublicUrl">The gateway's public listener.</param>
/// <param name="ManagementUrl">The gateway's management listener.</param>
/// <param name="TrafficRate">Synthetic requests per second through the gateway; 0 for none.</param>
internal sealed record StackOptions(string RolloutFile, Uri PublicUrl, Uri ManagementUrl, int TrafficRate);

internal static class TrafficOptions
{
    public const int DefaultRate = 100;
    public const int MaxRate = 5000;
}
