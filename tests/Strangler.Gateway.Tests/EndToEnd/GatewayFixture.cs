using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>Two echo backends (v3, v4) shared by a test class; each test starts its own gateway.</summary>
public sealed class EchoBackendsFixture : IAsyncLifetime
{
    internal EchoBackend V3 { get; private set; } = null!;

    internal EchoBackend V4 { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        V3 = await EchoBackend.StartAsync("v3");
        V4 = await EchoBackend.StartAsync("v4");
    }

    public async ValueTask DisposeAsync()
    {
        await V3.DisposeAsync();
        await V4.DisposeAsync();
    }

    internal RolloutFile Rollout(params FeatureEntry[] features) => new()
    {
        V3 = V3.BaseAddress,
        V4 = V4.BaseAddress,
        Features = features.Length == 0 ? [RolloutFile.Restaurants()] : [.. features],
    };
}
