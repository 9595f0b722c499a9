using System.Collections.Frozen;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Strangler.Bucketing;
using Strangler.Bucketing.FeatureManagement;
using Strangler.Gateway.Identity;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Benchmarks;

/// <summary>
/// The per-request routing decision: user id from a header, bucket, rule evaluation, and the same
/// evaluation through FeatureManagement as the gateway runs it.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private const string Feature = "api_v4_restaurants";
    private readonly HttpRequest _request;
    private readonly UserIdResolver _resolver = new(new JwtSubjectReader(null, TimeProvider.System));
    private readonly IdentityPlan _plan;
    private readonly RolloutRule _rule;
    private readonly IVariantFeatureManager _features;

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
    }

    [Benchmark(Description = "bucket only")]
    public int BucketOnly() => Bucket.Compute("strangler", "user-4711");

    [Benchmark(Description = "id from header + bucket")]
    public int IdAndBucket() => Bucket.Compute("strangler", _resolver.Resolve(_request, _plan)!);

    [Benchmark(Description = "id + pure rule evaluation")]
    public bool IdAndEvaluate() => RolloutEvaluator.Evaluate(_rule, _resolver.Resolve(_request, _plan)).UseV4;

    [Benchmark(Description = "id + FeatureManagement evaluation (whole decision)")]
    public async Task<bool> IdAndFeatureManagement()
    {
        var subject = new RolloutSubject(_resolver.Resolve(_request, _plan));
        await _features.IsEnabledAsync(Feature, subject);
        return subject.Decision.UseV4;
    }

    private sealed class FixedSource(RolloutFeatureDefinitions definitions) : IRolloutDefinitionSource
    {
        public RolloutFeatureDefinitions Current { get; } = definitions;
    }
}
