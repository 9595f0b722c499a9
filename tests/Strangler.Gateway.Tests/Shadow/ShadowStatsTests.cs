using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;
using Strangler.Gateway.Tests.State;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowStatsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_feature_without_shadow_settings_has_none()
    {
        var file = Features.Partial(10);
        Assert.Null(ShadowStats.For(file, RuntimeTransitions.FromFile(file, Start), previous: null));
    }

    [Fact]
    public void The_same_state_keeps_the_statistics_and_a_change_starts_new_ones_that_keep_noise_and_in_flight()
    {
        var file = Features.Partial(10) with { Shadow = ShadowPolicies.Default() };
        var state = RuntimeTransitions.FromFile(file, Start);
        var stats = ShadowStats.For(file, state, null)!;
        stats.Count(ShadowResult.Diff);
        stats.Noise.Learn(["$.at"], new HashSet<string> { "$.at" });
        Assert.True(stats.Gate.TryEnter(1, Start));

        Assert.Same(stats, ShadowStats.For(file with { Shadow = ShadowPolicies.Default(maxDiffPercent: 1) }, state, stats));

        var advanced = RuntimeTransitions.Advance(state, Percentage.FromPercent(25), Start.AddHours(1));
        var after = ShadowStats.For(file, advanced, stats)!;
        Assert.NotSame(stats, after);
        Assert.Equal(0, after.Read().Diffs);
        Assert.Equal(advanced.ChangedAt, after.Since);
        Assert.Same(stats.Noise, after.Noise);
        Assert.False(after.Gate.TryEnter(1, Start)); // the call started before the change still holds its slot
    }

    [Fact]
    public void A_new_ignore_list_forgets_the_noise_learned_under_the_old_one()
    {
        var file = Features.Partial(10) with { Shadow = ShadowPolicies.Default() };
        var state = RuntimeTransitions.FromFile(file, Start);
        var stats = ShadowStats.For(file, state, null)!;
        stats.Count(ShadowResult.Match);

        var ignoring = file with { Shadow = ShadowPolicies.Default(ignore: [Pattern("$.updated_at")]) };
        var after = ShadowStats.For(ignoring, state, stats)!;
        Assert.NotSame(stats.Noise, after.Noise);
        Assert.Equal(0, after.Read().Matches);
    }

    [Fact]
    public void Recent_samples_come_newest_first_and_only_the_last_hundred_are_kept()
    {
        var file = Features.Partial(10) with { Shadow = ShadowPolicies.Default() };
        var stats = ShadowStats.For(file, RuntimeTransitions.FromFile(file, Start), null)!;
        for (var i = 0; i < 130; i++)
        {
            stats.Keep(Sample(i), ["$.rating"]);
        }

        var recent = stats.Recent(ShadowStats.RecentCapacity);
        Assert.Equal(ShadowStats.RecentCapacity, recent.Length);
        Assert.Equal("/api/restaurants/129", recent[0].Path);
        Assert.Equal("/api/restaurants/30", recent[^1].Path);
        Assert.Equal(3, stats.Recent(3).Length);
        Assert.Equal(130, stats.TopPaths(1).Single().Value);
    }

    [Fact]
    public void Paths_beyond_the_cap_count_together()
    {
        var file = Features.Partial(10) with { Shadow = ShadowPolicies.Default() };
        var stats = ShadowStats.For(file, RuntimeTransitions.FromFile(file, Start), null)!;
        for (var i = 0; i < ShadowStats.MaxPaths + 50; i++)
        {
            stats.Keep(Sample(i), [$"$.field_{i}"]);
        }

        var top = stats.TopPaths(1000);
        Assert.Equal(ShadowStats.MaxPaths + 1, top.Count);
        Assert.Equal(ShadowStats.OtherPaths, top[0].Key);
        Assert.Equal(50, top[0].Value);
    }

    [Fact]
    public void A_breach_is_reported_once_per_statistics()
    {
        var file = Features.Partial(10) with { Shadow = ShadowPolicies.Default() };
        var stats = ShadowStats.For(file, RuntimeTransitions.FromFile(file, Start), null)!;
        Assert.True(stats.FirstBreach());
        Assert.False(stats.FirstBreach());
    }

    private static ShadowSample Sample(int i) =>
        new(Start, "GET", $"/api/restaurants/{i}", 200, 200, ShadowResult.Diff, 1, [new Difference("$.rating", "4.35", "4.4")], []);

    private static JsonPathPattern Pattern(string text) =>
        JsonPathPattern.TryParse(text, out var pattern, out var error) ? pattern! : throw new ArgumentException(error);
}
