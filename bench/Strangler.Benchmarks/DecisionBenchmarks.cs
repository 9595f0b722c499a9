using System.Collections.Frozen;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Strangler.Bucketing;
using Strangler.Bucketing.FeatureManagement;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Identity;
using Strangler.Gateway.State;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Benchmarks;

/// <summary>
/// The per-request routing decision: user id from a header, bucket, rule evaluation, the whole
/// decision as the gateway's decision step makes it (route entry from the rollout view in force,
/// prefix check, user id, evaluation), and the same rule through FeatureManagement as a backend's
/// in-app flag evaluates it.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private const string Feature = "api_v4_restaurants";
    private const string RouteId = Feature + "/0";
    private readonly HttpRequest _request;
    private readonly UserIdResolver _resolver = new(new JwtSubjectReader(null, TimeProvider.System));
    private readonly IdentityPlan _plan;
    private readonly RolloutRule _rule;
    private readonly IVariantFeatureManager _features;
    private readonly string _directory;
    private readonly GatewayApp _gateway;
    private readonly RolloutRuntime _runtime;

    public DecisionBenchmarks()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["X-User-Id"] = "user-4711";
        _request = context.Request;
        _plan = new IdentityPlan(new IdentityConfig(
            [new IdentitySource(IdentitySourceKind.Header, "X-User-Id"), new IdentitySource(IdentitySourceKind.Jwt, "sub")],
            AnonymousPolicy.V3,
            IdentityConfig.DefaultAnonymousCookieName,
            IdentityConfig.DefaultAnonymousCookieMaxAge));
        _rule = new RolloutRule(
            RolloutStage.Partial,
            Percentage.FromPercent(25),
            "strangler",
            new[] { "tester-1", "tester-2" }.ToFrozenSet(StringComparer.Ordinal),
            FrozenSet<string>.Empty);

        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IRolloutDefinitionSource>(new FixedSource(new RolloutFeatureDefinitions([KeyValuePair.Create(Feature, _rule)])));
        services.AddRolloutFeatureManagement();
        _features = services.BuildServiceProvider().GetRequiredService<IVariantFeatureManager>();

        _directory = Directory.CreateTempSubdirectory("strangler-bench-").FullName;
        var rollout = Path.Combine(_directory, "rollout.json");
        File.WriteAllText(rollout, $$"""
            {
              "backends": { "v3": { "destinations": ["http://127.0.0.1:1"] }, "v4": { "destinations": ["http://127.0.0.1:2"] } },
              "identity": { "sources": ["header:X-User-Id", "jwt:sub"] },
              "features": { "{{Feature}}": { "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }], "stage": "partial", "percentage": 25, "always_v4": ["tester-1", "tester-2"] } }
            }
            """);
        _gateway = GatewayHost.Build([$"--Gateway:RolloutFile={rollout}", "--Serilog:MinimumLevel:Default=Warning"]);
        _runtime = _gateway.Services.GetRequiredService<RolloutRuntime>();
        context.Request.Path = "/api/restaurants/7";
    }

    [Benchmark(Description = "bucket only")]
    public int BucketOnly() => Bucket.Compute("strangler", "user-4711");

    [Benchmark(Description = "id from header + bucket")]
    public int IdAndBucket() => Bucket.Compute("strangler", _resolver.Resolve(_request, _plan)!);

    [Benchmark(Description = "id + pure rule evaluation")]
    public bool IdAndEvaluate() => RolloutEvaluator.Evaluate(_rule, _resolver.Resolve(_request, _plan)).UseV4;

    [Benchmark(Description = "whole decision as the decision step makes it")]
    public bool WholeDecision()
    {
        var view = _runtime.View;
        if (!view.Routes.TryGetValue(RouteId, out var route) || !route.Binding.Covers(_request.Path.Value))
        {
            return false;
        }

        var userId = _resolver.Resolve(_request, view.Identity!, out _);
        return RolloutEvaluator.Evaluate(route.Feature.Rule, userId).UseV4;
    }

    [Benchmark(Description = "id + FeatureManagement evaluation (an in-app flag)")]
    public async Task<bool> IdAndFeatureManagement() =>
        await _features.IsEnabledAsync(Feature, new RolloutSubject(_resolver.Resolve(_request, _plan)));

    [GlobalCleanup]
    public void Cleanup()
    {
        _gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class FixedSource(RolloutFeatureDefinitions definitions) : IRolloutDefinitionSource
    {
        public RolloutFeatureDefinitions Current { get; } = definitions;
    }
}
