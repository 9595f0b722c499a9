using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Strangler.Gateway.Shadow;

namespace Strangler.Benchmarks;

/// <summary>
/// Shadow traffic's in-process parts: the sampling hash every GET and HEAD of a shadowed feature
/// pays on v3 (all a request that is not mirrored costs beyond a feature without shadowing), and
/// the comparison of two answers a mirrored request costs off the request path, on the 1 KB bodies
/// of the bench's NGINX backends (bench/lib/nginx.sh), which differ only in the ignored
/// <c>$.data.backend</c>.
/// </summary>
[MemoryDiagnoser]
public class ShadowBenchmarks
{
    private readonly ShadowAnswer _v3 = Answer("v3");
    private readonly ShadowAnswer _v4 = Answer("v4");
    private readonly ImmutableArray<JsonPathPattern> _ignore = [JsonPathPattern.Parse("$.data.backend")];

    [Benchmark]
    public int SamplingHash() => ShadowStep.Sample("shadow", "api_v4_restaurants", "user-4711", "GET", "/api/restaurants/7");

    [Benchmark]
    public int CompareMatching1KbBodies() => ResponseComparer.Compare(_v3, _v4, _ignore).TotalDifferences;

    /// <summary>The backends' body: exactly 1024 bytes of JSON naming the backend.</summary>
    private static ShadowAnswer Answer(string backend)
    {
        var head = $"{{\"success\":true,\"data\":{{\"id\":7,\"backend\":\"{backend}\",\"name\":\"Benchmark Bistro\",\"padding\":\"";
        const string tail = "\"}}";
        var body = head + new string('x', 1024 - head.Length - tail.Length) + tail;
        return new ShadowAnswer(200, "application/json", Encoding.UTF8.GetBytes(body), IsHead: false);
    }
}
