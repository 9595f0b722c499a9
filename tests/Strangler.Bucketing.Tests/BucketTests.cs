using System.Text;

namespace Strangler.Bucketing.Tests;

public sealed class BucketTests
{
    // Vectors computed with two independent implementations of MurmurHash3 x86_32 (the murmurhash3js
    // package used by Unleash, and a reference port over UTF-8 bytes). They pin the algorithm: if
    // one changes, every user moves between v3 and v4.
    [Theory]
    [InlineData("", 0u)]
    [InlineData("a", 1009084850u)]
    [InlineData("abc", 3017643002u)]
    [InlineData("hello", 613153351u)]
    [InlineData("strangler:1", 2256178771u)]
    [InlineData("strangler:user-42", 1884664448u)]
    [InlineData("strangler:ユーザー", 338606544u)]
    [InlineData("strangler:josé@example.com", 4249319441u)]
    public void Murmur3_matches_reference_vectors(string input, uint expected) =>
        Assert.Equal(expected, Murmur3.Hash32(Encoding.UTF8.GetBytes(input)));

    [Theory]
    [InlineData("strangler", "1", 8771)]
    [InlineData("strangler", "user-42", 4448)]
    [InlineData("default", "alice", 698)]
    [InlineData("strangler", "ユーザー", 6544)]
    [InlineData("strangler", "josé@example.com", 9441)]
    [InlineData("cohort-2024", "00000000-0000-0000-0000-000000000001", 982)]
    public void Golden_buckets_are_stable(string cohort, string userId, int expected) =>
        Assert.Equal(expected, Bucket.Compute(cohort, userId));

    [Fact]
    public void Long_ids_use_the_same_function_as_short_ones()
    {
        var id = new string('x', 5000);
        var expected = (int)(Murmur3.Hash32(Encoding.UTF8.GetBytes("c:" + id)) % Bucket.Count);
        Assert.Equal(expected, Bucket.Compute("c", id));
    }

    [Fact]
    public void The_cohort_changes_the_bucket()
    {
        var moved = Enumerable.Range(0, 1000).Count(i => Bucket.Compute("a", $"u{i}") != Bucket.Compute("b", $"u{i}"));
        Assert.True(moved > 990, $"only {moved} of 1000 users moved between cohorts");
    }

    // 25 ± 0.5 is a 2 % relative tolerance; the other targets get the same relative tolerance.
    [Theory]
    [InlineData(25.00)]
    [InlineData(0.50)]
    [InlineData(50.00)]
    [InlineData(99.99)]
    public void Share_on_v4_matches_the_percentage_over_100000_users(double percent)
    {
        var tolerance = percent * 0.02;
        var threshold = Percentage.FromPercent((decimal)percent).BasisPoints;
        var onV4 = SyntheticUsers(100_000).Count(id => Bucket.Compute("strangler", id) < threshold);
        var share = onV4 / 1000.0;
        Assert.InRange(share, percent - tolerance, percent + tolerance);

        // The users left on v3 too, which at 99.99 % are ten expected in 100,000: within 3.5 standard
        // deviations of the binomial, and never none (everyone on v4 would be an off-by-one).
        var onV3 = 100_000 - onV4;
        var expected = 100_000 * (100 - percent) / 100;
        var spread = 3.5 * Math.Sqrt(expected * percent / 100);
        Assert.InRange(onV3, Math.Max(1, expected - spread), expected + spread);
    }

    [Fact]
    public void Buckets_are_uniform_over_deciles()
    {
        var counts = new int[10];
        foreach (var id in SyntheticUsers(100_000))
        {
            counts[Bucket.Compute("strangler", id) / 1000]++;
        }

        // Chi-square with 9 degrees of freedom; 27.88 is the 0.999 quantile.
        var chi = counts.Sum(c => Math.Pow(c - 10_000, 2) / 10_000);
        Assert.True(chi < 27.88, $"chi-square {chi:F1} over deciles [{string.Join(", ", counts)}]");
    }

    [Fact]
    public void Raising_the_percentage_only_adds_users_and_lowering_restores_the_set()
    {
        var users = SyntheticUsers(20_000).ToArray();
        HashSet<string> OnV4(decimal percent) => users
            .Where(u => Bucket.Compute("strangler", u) < Percentage.FromPercent(percent).BasisPoints)
            .ToHashSet();

        var at10 = OnV4(10);
        var at20 = OnV4(20);
        var back = OnV4(10);

        Assert.True(at10.IsSubsetOf(at20));
        Assert.True(at20.Count > at10.Count);
        Assert.True(back.SetEquals(at10));
    }

    private static IEnumerable<string> SyntheticUsers(int count)
    {
        // Mixed shapes, as real systems have: numeric ids, prefixed ids, GUID-like ids.
        for (var i = 0; i < count; i++)
        {
            yield return (i % 3) switch
            {
                0 => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                1 => $"user-{i}",
                _ => $"{i:x8}-7d2c-4e9b-9f1a-{i * 7919:x12}",
            };
        }
    }
}
