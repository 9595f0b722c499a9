using System.Text.Json;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class JsonPathPatternTests
{
    [Theory]
    [InlineData("$", "$")]
    [InlineData("$.data.items[*].updated_at", "$.data.items[*].updated_at")]
    [InlineData("$['data']['items'][0]", "$.data.items[0]")]
    [InlineData("$.a-b_C9", "$.a-b_C9")]
    [InlineData("$['odd key']", "$['odd key']")]
    [InlineData(@"$['it\'s']", @"$['it\'s']")]
    [InlineData(@"$['back\\slash']", @"$['back\\slash']")]
    [InlineData("$['']", "$['']")]
    [InlineData("$['café']", "$['café']")]
    [InlineData("$.meta.*", "$.meta.*")]
    [InlineData("$..updated_at", "$..updated_at")]
    [InlineData("$..['updated_at']", "$..updated_at")]
    [InlineData("$..['odd key'].x", "$..['odd key'].x")]
    [InlineData("$.items[12][*]", "$.items[12][*]")]
    [InlineData("$.0", "$.0")]
    public void A_valid_pattern_parses_and_prints_its_canonical_text(string text, string canonical)
    {
        Assert.True(JsonPathPattern.TryParse(text, out var pattern, out var error), error);
        Assert.Equal(canonical, pattern.ToString());
        Assert.Equal(pattern, JsonPathPattern.Parse(pattern.ToString()));
    }

    [Theory]
    [InlineData("", "must start with '$' (the whole body) at character 1")]
    [InlineData("data.items", "must start with '$' (the whole body) at character 1")]
    [InlineData("$.", "expected a member name or '*' after '.' at character 3 (the text ends there)")]
    [InlineData("$.a b", "unexpected ' ' at character 4: expected '.' or '['")]
    [InlineData("$.café", "unexpected 'é' at character 6: expected '.' or '['")]
    [InlineData("$.[0]", "unexpected '[' at character 3: expected a member name or '*' after '.'")]
    [InlineData("$data", "unexpected 'd' at character 2: expected '.' or '['")]
    [InlineData("$[x]", "unexpected 'x' at character 3: expected an index, '*' or a quoted name after '['")]
    [InlineData("$[-1]", "unexpected '-' at character 3: expected an index, '*' or a quoted name after '['")]
    [InlineData("$[\"a\"]", "unexpected '\"' at character 3: expected an index, '*' or a quoted name after '['")]
    [InlineData("$.items[01]", "the index at character 9 has a leading zero: write it as 1")]
    [InlineData("$[99999999999]", "the index at character 3 is too large")]
    [InlineData("$[1", "expected ']' after the index at character 4 (the text ends there)")]
    [InlineData("$[1.5]", "unexpected '.' at character 4: expected ']' after the index")]
    [InlineData("$[", "'[' at character 2 is never closed")]
    [InlineData("$[*", "expected ']' after '*' at character 4 (the text ends there)")]
    [InlineData("$['a", "the quoted name opened at character 3 is never closed")]
    [InlineData(@"$['a\n']", @"invalid escape '\n' at character 5: inside quotes only \' and \\ are escapes")]
    [InlineData(@"$['a\", "the quoted name opened at character 3 is never closed")]
    [InlineData("$['a'x", "unexpected 'x' at character 6: expected ']' after the quoted name")]
    [InlineData("$..", "expected a member name after '..' at character 4 (the text ends there)")]
    [InlineData("$..*", "unexpected '*' at character 4: expected a member name after '..'")]
    [InlineData("$..[0]", "expected a quoted name after '..[' at character 5")]
    [InlineData("$...a", "unexpected '.' at character 4: expected a member name after '..'")]
    public void An_invalid_pattern_says_what_is_wrong_and_at_which_character(string text, string expected)
    {
        Assert.False(JsonPathPattern.TryParse(text, out var pattern, out var error));
        Assert.Null(pattern);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => JsonPathPattern.Parse(text));
    }

    [Theory]
    [InlineData("$", "$", true)]
    [InlineData("$", "$.a", false)]
    [InlineData("$.a.b", "$.a.b", true)]
    [InlineData("$.a", "$.a.b", false)]
    [InlineData("$.a.b", "$.a", false)]
    [InlineData("$.a.b", "$.a.c", false)]
    [InlineData("$.items[2]", "$.items[2]", true)]
    [InlineData("$.items[2]", "$.items[3]", false)]
    [InlineData("$.items[*].x", "$.items[3].x", true)]
    [InlineData("$.items[*].x", "$.items[3].y", false)]
    [InlineData("$.items[*]", "$.items.x", false)]
    [InlineData("$.items[2]", "$.items['2']", false)]
    [InlineData("$.*", "$.anything", true)]
    [InlineData("$.*", "$['odd key']", true)]
    [InlineData("$.*", "$[0]", false)]
    [InlineData("$.*.id", "$.a.id", true)]
    [InlineData("$['odd key']", "$['odd key']", true)]
    [InlineData(@"$['it\'s']", @"$['it\'s']", true)]
    [InlineData("$..updated_at", "$.updated_at", true)]
    [InlineData("$..updated_at", "$.data.items[4].updated_at", true)]
    [InlineData("$..updated_at", "$.data.updated_at.x", false)]
    [InlineData("$..updated_at", "$.data.items[4]", false)]
    [InlineData("$.data..id", "$.data.a.b.id", true)]
    [InlineData("$.data..id", "$.data.id", true)]
    [InlineData("$.data..id", "$.other.id", false)]
    [InlineData("$..a.b", "$.x.a.y.a.b", true)]
    [InlineData("$..a[*]", "$.a.a[3]", true)]
    [InlineData("$..['odd key']", "$.x['odd key']", true)]
    public void A_pattern_matches_exactly_the_paths_it_describes(string pattern, string path, bool matches) =>
        Assert.Equal(matches, JsonPathPattern.Parse(pattern).Matches(path));

    [Fact]
    public void Text_that_is_no_concrete_path_matches_nothing()
    {
        var any = JsonPathPattern.Parse("$.*");
        Assert.False(any.Matches("$.*"));
        Assert.False(any.Matches("(status)"));
        Assert.False(any.Matches("$.a b"));
    }

    [Fact]
    public void Members_of_a_parsed_document_match_by_their_unescaped_names()
    {
        using var document = JsonDocument.Parse("""{ "caf\u00e9": 1, "odd key": 2 }""");
        var members = document.RootElement.EnumerateObject().ToArray();

        Assert.True(JsonPathPattern.Parse("$['café']").Matches([JsonPathSegment.Member(members[0])]));
        Assert.True(JsonPathPattern.Parse("$..['odd key']").Matches([JsonPathSegment.Member(members[0]), JsonPathSegment.Member(members[1])]));
        Assert.False(JsonPathPattern.Parse("$['odd key']").Matches([JsonPathSegment.Member(members[0])]));
        Assert.False(JsonPathPattern.Parse("$[0]").Matches([JsonPathSegment.Member(members[0])]));
    }

    [Fact]
    public void Patterns_are_equal_when_their_canonical_text_is()
    {
        Assert.Equal(JsonPathPattern.Parse("$.a[0]"), JsonPathPattern.Parse("$['a'][0]"));
        Assert.Equal(JsonPathPattern.Parse("$.a[0]").GetHashCode(), JsonPathPattern.Parse("$['a'][0]").GetHashCode());
        Assert.NotEqual(JsonPathPattern.Parse("$.a[0]"), JsonPathPattern.Parse("$.a[*]"));
        Assert.NotEqual(JsonPathPattern.Parse("$.a"), JsonPathPattern.Parse("$..a"));
    }

    [Fact]
    public void Only_names_and_indexes_make_a_concrete_pattern()
    {
        Assert.True(JsonPathPattern.Parse("$.a['b c'][3]").IsConcrete);
        Assert.False(JsonPathPattern.Parse("$.a[*]").IsConcrete);
        Assert.False(JsonPathPattern.Parse("$.*").IsConcrete);
        Assert.False(JsonPathPattern.Parse("$..a").IsConcrete);
    }
}
