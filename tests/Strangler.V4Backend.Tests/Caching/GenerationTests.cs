using Microsoft.Extensions.Time.Testing;
using Strangler.V4Backend.Caching;

namespace Strangler.V4Backend.Tests.Caching;

public sealed class GenerationTests
{
    [Fact]
    public void A_new_generation_is_newer_than_the_known_one_even_when_the_clock_went_back()
    {
        // The known generation was made on a clock (another instance's, or this one before an NTP step) 10 minutes ahead.
        var ahead = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 10, 0, TimeSpan.Zero));
        var known = Generation.After(null, ahead);

        var next = Generation.After(known, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));

        Assert.True(next.CompareTo(known) > 0);
        Assert.Equal(known.Ticks + 1, next.Ticks);
    }

    [Fact]
    public void Generations_are_ordered_by_time_then_nonce_and_the_newer_one_wins()
    {
        var older = new Generation(100, 7);
        var sameTimeHigherNonce = new Generation(100, 9);
        var newer = new Generation(101, 0);

        Assert.True(older.CompareTo(sameTimeHigherNonce) < 0);
        Assert.True(sameTimeHigherNonce.CompareTo(newer) < 0);
        Assert.Equal(newer, Generation.Newer(older, newer));
        Assert.Equal(newer, Generation.Newer(newer, sameTimeHigherNonce));
    }

    [Fact]
    public void Two_generations_made_at_the_same_moment_differ_in_the_keys_they_give()
    {
        var time = new FakeTimeProvider();
        var first = Generation.After(null, time);
        var second = Generation.After(null, time);

        Assert.Equal(first.Ticks, second.Ticks);
        Assert.NotEqual(CacheKeys.Restaurant(first, 1), CacheKeys.Restaurant(second, 1));
    }
}
