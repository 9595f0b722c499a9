using System.Collections.Immutable;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Tests.Routing;

public sealed class TargetCheckTests
{
    private static readonly ImmutableArray<RouteBinding> Routes =
    [
        new("api_v4_restaurants/0", "api_v4_restaurants", "/api/restaurants", "/api/v4/restaurants"),
        new("api_v4_users/0", "api_v4_users", "/api/users", "/api/v4/users"),
    ];

    [Theory]
    [InlineData("/api/restaurants/7?city=Haifa", "/api/restaurants/7")]
    [InlineData("/api/restaurants", "/api/restaurants")]
    [InlineData("/", "/")]
    [InlineData("/api/restaurants/x%20y/caf%C3%A9", "/api/restaurants/x y/café")]
    [InlineData("/api/restaurants/caf%C3%A9%2Fbar", "/api/restaurants/café%2Fbar")]
    [InlineData("/api/%72estaurants/7", "/api/restaurants/7")]
    [InlineData("/api/restaurants/a%252Fb", "/api/restaurants/a%2Fb")]
    [InlineData("/api/restaurants/100%25", "/api/restaurants/100%")]
    [InlineData("/api/restaurants/%F0%9F%8D%95", "/api/restaurants/🍕")]
    [InlineData("/api/restaurants/7;v=1", "/api/restaurants/7;v=1")]
    [InlineData("/api/restaurants/7.json", "/api/restaurants/7.json")]
    [InlineData("/api/restaurants/7.", "/api/restaurants/7.")]
    [InlineData("/api/restaurants//7", "/api/restaurants//7")]
    [InlineData("/api/restaurants/..x/.y/x..", "/api/restaurants/..x/.y/x..")]
    [InlineData("/api/other/a%2Fb/c", "/api/other/a%2Fb/c")]
    [InlineData("/api/caf%C3%A9.", "/api/café.")]
    [InlineData("/api/restaurants?q=a/../b\\c&r=%00%zz", "/api/restaurants")]
    [InlineData("http://gateway/api/restaurants/x%20y?q=1", "/api/restaurants/x y")]
    [InlineData("http://gateway", "/")]
    [InlineData("https://gateway?q", "/")]
    public void Targets_a_backend_reads_as_routed_pass(string target, string routedPath) =>
        Assert.Equal(TargetProblem.None, TargetCheck.Check(target, routedPath, Routes));

    [Theory]
    [InlineData("*", "", nameof(TargetProblem.UnsupportedForm))]
    [InlineData("gateway:443", "", nameof(TargetProblem.UnsupportedForm))]
    [InlineData("/api/restaurants/7#/../../../api/users/1", "/api/users/1", nameof(TargetProblem.Fragment))]
    [InlineData("/api/restaurants?q=#x", "/api/restaurants", nameof(TargetProblem.Fragment))]
    [InlineData("/api/restaurants/7\u0001", "/api/restaurants/7\u0001", nameof(TargetProblem.InvalidCharacter))]
    [InlineData("/api/restaurants?q=\u007f", "/api/restaurants", nameof(TargetProblem.InvalidCharacter))]
    [InlineData("/api/restaurants/caf\u00e9", "/api/restaurants/caf\u00e9", nameof(TargetProblem.InvalidCharacter))]
    [InlineData("/api/restaurants/ 7", "/api/restaurants/ 7", nameof(TargetProblem.InvalidCharacter))]
    [InlineData("/api/restaurants/%00", "/api/restaurants/\0", nameof(TargetProblem.InvalidCharacter))]
    [InlineData("/api/restaurants/%0D%0AX-Injected:1", "/api/restaurants/\r\nX-Injected:1", nameof(TargetProblem.InvalidCharacter))]
    [InlineData("/api/restaurants/%2500", "/api/restaurants/%00", nameof(TargetProblem.InvalidCharacter))]
    [InlineData(@"/api/restaurants/..\..\..\api/v4/users/1", @"/api/restaurants/..\..\..\api/v4/users/1", nameof(TargetProblem.Backslash))]
    [InlineData(@"/api/x\..\restaurants/7", @"/api/x\..\restaurants/7", nameof(TargetProblem.Backslash))]
    [InlineData("/api/restaurants/..%5c..%5Capi", @"/api/restaurants/..\..\api", nameof(TargetProblem.Backslash))]
    [InlineData("/api/restaurants/%255C", "/api/restaurants/%5C", nameof(TargetProblem.Backslash))]
    [InlineData("/api/restaurants/%zz", "/api/restaurants/%zz", nameof(TargetProblem.MalformedEscape))]
    [InlineData("/api/restaurants/7%", "/api/restaurants/7%", nameof(TargetProblem.MalformedEscape))]
    [InlineData("/api/restaurants/7%4", "/api/restaurants/7%4", nameof(TargetProblem.MalformedEscape))]
    [InlineData("/api/restaurants/%2525252525", "/api/restaurants/%25252525", nameof(TargetProblem.MalformedEscape))]
    [InlineData("/api/restaurants/%C0%AE%C0%AE", "/api/restaurants/%C0%AE%C0%AE", nameof(TargetProblem.InvalidUtf8))]
    [InlineData("/api/restaurants/%E0%80%AE", "/api/restaurants/%E0%80%AE", nameof(TargetProblem.InvalidUtf8))]
    [InlineData("/api/restaurants/%ED%A0%80", "/api/restaurants/%ED%A0%80", nameof(TargetProblem.InvalidUtf8))]
    [InlineData("/api/restaurants/%E9", "/api/restaurants/%E9", nameof(TargetProblem.InvalidUtf8))]
    [InlineData("/api/restaurants/%25C0%25AE", "/api/restaurants/%C0%AE", nameof(TargetProblem.InvalidUtf8))]
    [InlineData("/api/users/../restaurants/7", "/api/restaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/restaurants/./7", "/api/restaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/users/%2e%2e/restaurants/7", "/api/restaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/users/.%2E/restaurants/7", "/api/restaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/users/%252e%252E/restaurants/7", "/api/users/%2e%2E/restaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/users/..%2Frestaurants/7", "/api/users/..%2Frestaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/users/..;/restaurants/7", "/api/users/..;/restaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/users/.;x=1/7", "/api/users/.;x=1/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/users/.../restaurants/7", "/api/users/.../restaurants/7", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/restaurants/..", "/api", nameof(TargetProblem.DotSegment))]
    [InlineData("/api%2Frestaurants/7", "/api%2Frestaurants/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api%2frestaurants/7", "/api%2frestaurants/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api%252Frestaurants/7", "/api%2Frestaurants/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api;v=1/restaurants/7", "/api;v=1/restaurants/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api/restaurants;jsessionid=1/7", "/api/restaurants;jsessionid=1/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api/restaurants./7", "/api/restaurants./7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/API/Restaurants%2E%2E./7", "/API/Restaurants.../7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api/restaurants%20%20/7", "/api/restaurants  /7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api//restaurants/7", "/api//restaurants/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("//api/restaurants/7", "//api/restaurants/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api/restaurants%3F/7", "/api/restaurants?/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api/restaurants%23/7", "/api/restaurants#/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("/api/users%2F..%2F..%2Frestaurants", "/api/users%2F..%2F..%2Frestaurants", nameof(TargetProblem.DotSegment))]
    [InlineData("/api/restaurants%2F..%2F..%2Fusers", "/api/restaurants%2F..%2F..%2Fusers", nameof(TargetProblem.DotSegment))]
    [InlineData("http://gateway/api%2Frestaurants/7", "/api/restaurants/7", nameof(TargetProblem.AmbiguousRoute))]
    [InlineData("http://gateway/api/users/../restaurants", "/api/restaurants", nameof(TargetProblem.DotSegment))]
    public void Targets_a_backend_could_read_as_another_path_are_refused(string target, string routedPath, string problem) =>
        Assert.Equal(Enum.Parse<TargetProblem>(problem), TargetCheck.Check(target, routedPath, Routes));

    [Fact]
    public void Without_a_rollout_every_route_is_v3_and_only_the_path_itself_is_judged()
    {
        Assert.Equal(TargetProblem.None, TargetCheck.Check("/api%2Frestaurants/7", "/api%2Frestaurants/7", []));
        Assert.Equal(TargetProblem.Backslash, TargetCheck.Check(@"/a\b", @"/a\b", []));
    }

    [Fact]
    public void A_long_path_is_checked_like_a_short_one()
    {
        var segment = new string('a', 300);
        Assert.Equal(TargetProblem.None, TargetCheck.Check($"/api/restaurants/{segment}%20x", $"/api/restaurants/{segment} x", Routes));
        Assert.Equal(TargetProblem.DotSegment, TargetCheck.Check($"/api/restaurants/{segment}/%2e%2e/x", $"/api/restaurants/x", Routes));
        Assert.Equal(TargetProblem.AmbiguousRoute, TargetCheck.Check($"/api%2Frestaurants/{segment}", $"/api%2Frestaurants/{segment}", Routes));
    }

    [Fact]
    public void Every_problem_says_what_is_wrong()
    {
        foreach (var problem in Enum.GetValues<TargetProblem>().Where(p => p != TargetProblem.None))
        {
            Assert.DoesNotContain("well-formed", problem.Describe(), StringComparison.Ordinal);
        }
    }
}
