using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Hosting;
using Strangler.TestSupport.Hosting;

namespace Strangler.Contract.Tests.Targets;

/// <summary>
/// The gateway in front of v3 and v4 with every feature at one percentage. Clients call /api as
/// they always have; a second stub instance under /api/v4 stands in for the v4 backend here. With
/// <paramref name="shadow"/> every feature has that shadow block (rollout.json's JSON object), so
/// the suite also proves that mirroring changes nothing a client sees.
/// </summary>
public abstract class GatewayTarget(decimal percentage, Func<string, string, Task<RunningApp>>? startV4 = null, string? shadow = null) : IContractTarget, IAsyncLifetime
{
    private RunningApp? _v3;
    private RunningApp? _v4;
    private GatewayApp? _gateway;
    private string? _directory;

    public Uri BaseAddress => _gateway!.PublicAddress;

    /// <summary>The management port (health, status, admin API; no token, loopback).</summary>
    public Uri ManagementAddress => _gateway!.ManagementAddress;

    public string Prefix => "/api";

    public string SigningKey => ContractKeys.SigningKey;

    public string? ExpectedBackend => percentage switch
    {
        0 => "v3",
        100 => "v4",
        _ => null,
    };

    public async ValueTask InitializeAsync()
    {
        _v3 = await V3StubTarget.StartStubAsync("/api", "v3");
        _v4 = await (startV4 ?? ((prefix, name) => V3StubTarget.StartStubAsync(prefix, name)))("/api/v4", "v4");
        _directory = Directory.CreateTempSubdirectory("strangler-contract-").FullName;
        var rolloutPath = Path.Combine(_directory, "rollout.json");
        await File.WriteAllTextAsync(rolloutPath, Rollout(_v3.BaseAddress, _v4.BaseAddress, percentage, shadow));
        _gateway = GatewayHost.Build([], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:RolloutFile"] = rolloutPath,
                ["Gateway:PublicUrls"] = "http://127.0.0.1:0",
                ["Gateway:Management:Urls"] = "http://127.0.0.1:0",
                ["Gateway:DrainPeriod"] = "00:00:00",
                ["Serilog:MinimumLevel:Default"] = "Warning",
            });
        });
        await _gateway.StartAsync();
    }

    /// <summary>A feature's shadow tally from <c>GET /admin/status</c>: answers compared (match, diff or noise), v4 failures and skipped samples.</summary>
    public async Task<ShadowCounts> ShadowCountsAsync(string feature)
    {
        using var client = new HttpClient { BaseAddress = ManagementAddress };
        using var status = JsonDocument.Parse(await client.GetStringAsync("/admin/status", TestContext.Current.CancellationToken));
        var shadow = status.RootElement.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == feature).GetProperty("shadow");
        return new ShadowCounts(shadow.GetProperty("comparisons").GetInt64(), shadow.GetProperty("v4_errors").GetInt64(), shadow.GetProperty("skipped").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }

        if (_v4 is not null)
        {
            await _v4.DisposeAsync();
        }

        if (_v3 is not null)
        {
            await _v3.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Rollout(Uri v3, Uri v4, decimal percentage, string? shadow)
    {
        var shadowProperty = shadow is null ? string.Empty : $",\n      \"shadow\": {shadow}";
        var features = string.Join(",\n", new[] { "restaurants", "reviews", "users", "statistics" }.Select(area => $$"""
                "api_v4_{{area}}": {
                  "routes": [{ "path": "/api/{{area}}", "v4_path": "/api/v4/{{area}}" }],
                  "stage": "partial",
                  "percentage": {{percentage.ToString(CultureInfo.InvariantCulture)}}{{shadowProperty}}
                }
            """));
        return $$"""
            {
              "backends": { "v3": { "destinations": ["{{v3}}"] }, "v4": { "destinations": ["{{v4}}"] } },
              "features": {
            {{features}}
              }
            }
            """;
    }
}

public sealed class GatewayAt0Target() : GatewayTarget(0);

public sealed class GatewayAt50Target() : GatewayTarget(50);

public sealed class GatewayAt100Target() : GatewayTarget(100);

/// <summary>
/// Every user on v3 and every GET and HEAD mirrored to the real v4 backend (SQLite): the contract
/// with each read also compared off the request path.
/// </summary>
public sealed class GatewayShadowAt0Target() : GatewayTarget(0, (_, _) => V4SqliteTarget.StartInDirectoryAsync("strangler-v4shadow-"), ShadowEverything)
{
    /// <summary>Every read mirrored, with more room in flight than the suite ever uses, so none is skipped.</summary>
    internal const string ShadowEverything = """{ "sample_percent": 100, "max_in_flight": 1000 }""";
}

/// <summary>Half the users on v4 (not mirrored), the other half's reads mirrored to the v4 stub.</summary>
public sealed class GatewayShadowAt50Target() : GatewayTarget(50, shadow: GatewayShadowAt0Target.ShadowEverything);
