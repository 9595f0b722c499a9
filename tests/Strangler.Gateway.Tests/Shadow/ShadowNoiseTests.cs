using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowNoiseTests
{
    [Fact]
    public void A_path_where_two_v3_answers_differ_is_noise()
    {
        var noise = new ShadowNoise();
        Assert.True(noise.NeedsCheck("$.generated_at"));
        noise.Learn(["$.generated_at", "$.rating"], new HashSet<string> { "$.generated_at" });
        Assert.True(noise.IsNoise("$.generated_at"));
        Assert.False(noise.NeedsCheck("$.generated_at"));
        Assert.False(noise.IsNoise("$.rating"));
        Assert.Equal(["$.generated_at"], noise.Paths());
    }

    [Fact]
    public void A_path_on_which_v3_agrees_is_checked_a_few_times_then_counted_as_v4s()
    {
        var noise = new ShadowNoise();
        for (var i = 0; i < ShadowNoise.ChecksPerPath; i++)
        {
            Assert.True(noise.NeedsCheck("$.rating"));
            noise.Learn(["$.rating"], new HashSet<string>());
        }

        Assert.False(noise.NeedsCheck("$.rating"));
        Assert.False(noise.IsNoise("$.rating"));
    }

    [Fact]
    public void Beyond_the_path_limit_a_new_path_is_neither_learned_nor_checked()
    {
        var noise = new ShadowNoise();
        for (var i = 0; i < ShadowNoise.MaxPaths; i++)
        {
            noise.Learn([$"$.f{i}"], new HashSet<string>());
        }

        Assert.False(noise.NeedsCheck("$.another"));
        Assert.True(noise.NeedsCheck("$.f0"));
    }
}
