namespace Strangler.Gateway.Rollout.Loading;

internal static class RolloutFileLoader
{
    public static RolloutLoadResult Load(string path) => throw new NotSupportedException(path);
}
