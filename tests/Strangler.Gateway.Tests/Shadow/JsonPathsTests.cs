using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class JsonPathsTests
{
    [Theory]
    [InlineData("$.data.items[3].rating", "$.data.items[*].rating")]
    [InlineData("$[0][12]", "$[*][*]")]
    [InlineData("$['a[1]'].b[2]", "$['a[1]'].b[*]")]
    [InlineData(@"$['it\'s [1]'][4]", @"$['it\'s [1]'][*]")]
    [InlineData(@"$['back\\'][4]", @"$['back\\'][*]")]
    [InlineData("$.items[*]", "$.items[*]")]
    public void Generalize_turns_every_index_into_any_element_and_leaves_quoted_names_alone(string path, string expected) =>
        Assert.Equal(expected, JsonPaths.Generalize(path));

    [Theory]
    [InlineData("$")]
    [InlineData("$.data.rating")]
    [InlineData("$['odd key'].x")]
    [InlineData("(status)")]
    [InlineData("(content-type)")]
    public void Generalize_returns_a_path_without_indexes_as_it_is(string path) =>
        Assert.Same(path, JsonPaths.Generalize(path));

    [Fact]
    public void Format_writes_plain_names_with_a_dot_and_quotes_the_others()
    {
        Assert.Equal("$", JsonPaths.Format([]));
        Assert.Equal("$.data.items[3].rating", JsonPaths.Format([Member("data"), Member("items"), JsonPathSegment.Element(3), Member("rating")]));
        Assert.Equal("$['odd key']", JsonPaths.Format([Member("odd key")]));
        Assert.Equal(@"$['it\'s'].a['back\\slash']", JsonPaths.Format([Member("it's"), Member("a"), Member(@"back\slash")]));
        Assert.Equal("$['']['café'].a-b_9", JsonPaths.Format([Member(string.Empty), Member("café"), Member("a-b_9")]));
    }

    [Theory]
    [InlineData("rating")]
    [InlineData("odd key")]
    [InlineData("it's")]
    [InlineData(@"back\slash")]
    [InlineData("")]
    [InlineData("café")]
    [InlineData("a.b[0]")]
    [InlineData("']")]
    public void A_formatted_path_reads_back_as_a_pattern_that_matches_exactly_it(string name)
    {
        JsonPathSegment[] path = [Member(name), JsonPathSegment.Element(7), Member(name)];
        var pattern = JsonPathPattern.Parse(JsonPaths.Format(path));

        Assert.True(pattern.IsConcrete);
        Assert.True(pattern.Matches(path));
        Assert.False(pattern.Matches(path.AsSpan(0, 2)));
        Assert.Equal(JsonPaths.Format(path), pattern.ToString());
    }

    private static JsonPathSegment Member(string name) => JsonPathSegment.Member(name);
}
