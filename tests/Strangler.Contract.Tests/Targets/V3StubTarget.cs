using Strangler.LegacyV3;
using Strangler.TestSupport.Hosting;

namespace Strangler.Contract.Tests.Targets;

/// <summary>The legacy v3 stub, started in-process on a free port.</summary>
public sealed class V3StubTarget : IContractTarget, IAsyncLifetime
{
    private RunningApp? _app;

    public Uri BaseAddress => _app!.BaseAddress;

    public string Prefix => "/api";

    public string SigningKey => ContractKeys.SigningKey;

    public string? ExpectedBackend => "v3";

    public async ValueTask InitializeAsync() =>
        _app = await StartStubAsync(prefix: "/api", backendName: "v3");

    public ValueTask DisposeAsync() => _app?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>A stub instance; with prefix /api/v4 and name v4 it stands in for the v4 backend.</summary>
    internal static Task<RunningApp> StartStubAsync(string prefix, string backendName, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = ContractKeys.SigningKey,
            ["Stub:Prefix"] = prefix,
            ["Stub:BackendName"] = backendName,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return RunningApp.StartAsync(LegacyV3Host.Build, settings);
    }
}
