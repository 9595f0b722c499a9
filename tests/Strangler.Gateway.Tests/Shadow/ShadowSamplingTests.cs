using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowSamplingTests
{
    [Fact]
    public void The_same_request_always_falls_in_the_same_place()
    {
        var first = ShadowStep.Sample("shadow", "api_v4_restaurants", "user-1", "GET", "/api/restaurants/7?sort=rating");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(first, ShadowStep.Sample("shadow", "api_v4_restaurants", "user-1", "GET", "/api/restaurants/7?sort=rating"));
        }

        Assert.InRange(first, 0, 9999);
    }

    [Fact]
    public void Each_part_of_the_request_moves_it_and_the_shares_are_even()
    {
        var random = new Random(5);
        var sampled = 0;
        var changedByPart = new int[4];
        const int n = 20_000;
        for (var i = 0; i < n; i++)
        {
            var user = $"user-{random.Next()}";
            var target = $"/api/restaurants/{random.Next(100_000)}";
            var value = ShadowStep.Sample("shadow", "api_v4_restaurants", user, "GET", target);
            sampled += value < 500 ? 1 : 0;
            changedByPart[0] += value != ShadowStep.Sample("shadow", "api_v4_reviews", user, "GET", target) ? 1 : 0;
            changedByPart[1] += value != ShadowStep.Sample("shadow", "api_v4_restaurants", user + "x", "GET", target) ? 1 : 0;
            changedByPart[2] += value != ShadowStep.Sample("shadow", "api_v4_restaurants", user, "HEAD", target) ? 1 : 0;
            changedByPart[3] += value != ShadowStep.Sample("noise", "api_v4_restaurants", user, "GET", target) ? 1 : 0;
        }

        // 5 % of 20,000 is 1,000 with a standard deviation of about 31.
        Assert.InRange(sampled, 880, 1120);
        Assert.All(changedByPart, changed => Assert.True(changed > n * 0.99));
    }

    [Fact]
    public void A_long_target_is_sampled_too()
    {
        var target = "/api/restaurants?q=" + new string('a', 2000);
        Assert.Equal(ShadowStep.Sample("shadow", "f", null, "GET", target), ShadowStep.Sample("shadow", "f", null, "GET", target));
    }
}
