using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Strangler.Gateway.Routing;

namespace Strangler.Benchmarks;

/// <summary>
/// The per-request path work: the target check (nearly every target takes the first one, a few
/// vectorised scans; percent-encoded or dotted paths the second one, decoded on the stack) and the
/// destination URI built from the raw target, for v4 (prefix replaced) and v3.
/// </summary>
[MemoryDiagnoser]
public class RequestTargetBenchmarks
{
    private const string Destination = "http://127.0.0.1:5004/";
    private const string Plain = "/api/restaurants/7?city=Haifa&limit=20";
    private const string Encoded = "/api/restaurants/caf%C3%A9%20du%20march%C3%A9?limit=20";
    private const string Dotted = "/api/restaurants/7.json";

    private static readonly RouteBinding Restaurants = new("api_v4_restaurants/0", "api_v4_restaurants", "/api/restaurants", "/api/v4/restaurants");

    private readonly ImmutableArray<RouteBinding> _routes =
    [
        Restaurants,
        new("api_v4_reviews/0", "api_v4_reviews", "/api/reviews", "/api/v4/reviews"),
        new("api_v4_users/0", "api_v4_users", "/api/users", "/api/v4/users"),
        new("api_v4_statistics/0", "api_v4_statistics", "/api/statistics", "/api/v4/statistics"),
    ];

    [Benchmark(Description = "check: plain path")]
    public bool CheckPlain() => TargetCheck.Check(Plain, "/api/restaurants/7", _routes) == TargetProblem.None;

    [Benchmark(Description = "check: percent-encoded path")]
    public bool CheckEncoded() => TargetCheck.Check(Encoded, "/api/restaurants/café du marché", _routes) == TargetProblem.None;

    [Benchmark(Description = "check: path with a dot")]
    public bool CheckDotted() => TargetCheck.Check(Dotted, Dotted, _routes) == TargetProblem.None;

    [Benchmark(Description = "destination URI: v4, prefix replaced")]
    public Uri DestinationV4() => RawTarget.ForDestination(Destination, Plain, 0, Restaurants);

    [Benchmark(Description = "destination URI: v3, as sent")]
    public Uri DestinationV3() => RawTarget.ForDestination(Destination, Plain, 0, null);
}
